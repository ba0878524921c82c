package dev.dhii.plugins.email;

import dev.dhii.runtime.conformance.ClassPathPlugin;
import dev.dhii.runtime.conformance.ConformanceReport;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin test} on the bundled email plugin (its classes from the test class path): every case passes. */
class EmailConformanceTest {

  static final Path MANIFEST = Path.of("../../manifests/email/manifest.json");

  @TempDir
  Path root;

  @Test
  void everyGeneratedCasePasses() throws Exception {
    // no mail server: SMTP and IMAP on loopback ports nothing listens on, so each call answers a typed error
    JsonObject config = new JsonObject(Files.readString(MANIFEST)).getJsonObject("config");
    config.getJsonObject("smtp").put("port", closedPort());
    config.getJsonObject("imap").put("port", closedPort());
    ConformanceReport report = ClassPathPlugin.test(MANIFEST, config, root);
    assertTrue(report.ok() && report.passed() >= 4L * report.capabilities().size(), ClassPathPlugin.failures(report));
    assertTrue(Files.readString(MANIFEST).contains(report.capabilities().get(0).id()), report.summary());
  }

  private static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
