package dev.dhii.plugins.calendar;

import dev.dhii.runtime.cli.PluginTestCommand;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin test} on the bundled calendar plugin (loaded from the test class path): every case passes. */
class CalendarConformanceTest {

  @TempDir
  Path root;

  @Test
  void everyGeneratedCasePasses() throws Exception {
    JsonObject manifest = new JsonObject(Files.readString(Path.of("../../manifests/calendar/manifest.json")));
    manifest.remove("classpath");
    Path dir = Files.createDirectories(root.resolve("calendar"));
    Files.writeString(dir.resolve("manifest.json"), manifest.encode());
    Path report = root.resolve("report.json");
    StringWriter out = new StringWriter();
    int code = new CommandLine(new PluginTestCommand()).setOut(new PrintWriter(out, true))
      .execute(dir.toString(), "--report", report.toString());
    assertEquals(0, code, out.toString());
    JsonObject json = new JsonObject(Files.readString(report));
    assertEquals(0, json.getLong("failed"), out.toString());
    assertEquals(manifest.getJsonArray("capabilities").size(), json.getJsonArray("capabilities").size());
    assertTrue(json.getLong("passed") >= 4L * json.getJsonArray("capabilities").size(), out.toString());
  }
}
