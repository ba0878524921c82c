package dev.dhii.runtime.cli;

import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.kernel.PluginWatcher;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.JarPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin install} tells a running runtime: the installed plugin is served without a restart. */
class PluginInstallRescanTest {

  @RegisterExtension
  final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().build();

  @TempDir
  Path dir;

  private Path bundle(String version) {
    Path src = JarPlugins.write(dir.resolve("src-" + version), "shipped", version, null, null, null);
    Path zip = dir.resolve("shipped-" + version + ".zip");
    Cli.Run run = Cli.run("plugin", "bundle", src.toString(), "--out", zip.toString());
    assertEquals(0, run.code(), run.all());
    return zip;
  }

  /** A configuration file for the CLI naming the test runtime's port, folder and data directory (so its key). */
  private Path conf() throws Exception {
    Path file = dir.resolve("runtime.json");
    Files.writeString(file, new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", dhii.httpPort()))
      .put("plugins", new JsonObject().put("directories", new JsonArray().add(dhii.pluginDir().toString()))
        .put("dataDirectory", dhii.dataDir().toString())).encodePrettily());
    return file;
  }

  private String version() {
    try {
      return dhii.runtime().dispatcher().invoke(CallRequest.of("shipped.hello", new JsonObject().put("name", "ada")))
        .await(10, TimeUnit.SECONDS).output().getString("version");
    } catch (Exception e) {
      return "(" + e.getMessage() + ")";
    }
  }

  @Test
  void installRescansTheRunningRuntimeWhichServesThePlugin() throws Exception {
    Path conf = conf();
    Cli.Run run = Cli.run("plugin", "install", bundle("v1").toString(), "--plugins", dhii.pluginDir().toString(),
      "--conf", conf.toString());
    assertEquals(0, run.code(), run.all());
    assertTrue(run.out().contains("Rescanned the runtime at http://127.0.0.1:" + dhii.httpPort() + ": added [\"shipped\"]"),
      run.all());
    assertEquals("v1", version());
    // replaced with the same manifest: the rescan sees no change, so install redeploys it
    Cli.Run again = Cli.run("plugin", "install", bundle("v2").toString(), "--plugins", dhii.pluginDir().toString(),
      "--conf", conf.toString(), "--force");
    assertEquals(0, again.code(), again.all());
    assertTrue(again.out().contains("Redeployed shipped"), again.all());
    assertEquals("v2", version());
  }

  @Test
  void withNoRuntimeListeningInstallSaysWhenThePluginLoadsAndSucceeds() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed;
    Path plugins = dir.resolve("plugins");
    Cli.Run run = Cli.run("plugin", "install", bundle("v1").toString(), "--plugins", plugins.toString(), "--url", url);
    assertEquals(0, run.code(), run.all());
    assertTrue(run.out().contains("no runtime at " + url + "; the plugin loads at its next start"), run.all());
    assertTrue(Files.isRegularFile(plugins.resolve("shipped/manifest.json")));
  }

  @Test
  void aRefusedRescanFailsTheInstallWithTheReason() throws Exception {
    // a key the runtime does not know
    Path other = dir.resolve("other.json");
    Files.writeString(other, new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()
      .put("secret", "a-different-secret-of-at-least-thirty-two-bytes!"))).encodePrettily());
    Cli.Run run = Cli.run("plugin", "install", bundle("v1").toString(), "--plugins", dhii.pluginDir().toString(),
      "--conf", other.toString(), "--url", "http://127.0.0.1:" + dhii.httpPort());
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("refused the rescan (401 AUTHENTICATION)"), run.all());
  }

  @Test
  void noRescanLeavesTheRuntimeAlone() throws Exception {
    Cli.Run run = Cli.run("plugin", "install", bundle("v1").toString(), "--plugins", dhii.pluginDir().toString(),
      "--conf", conf().toString(), "--no-rescan");
    assertEquals(0, run.code(), run.all());
    assertEquals(null, dhii.runtime().registry().plugin("shipped"));
  }

  @Test
  void underTheWatchAnInstallForceIsServedAndEveryLaterEditToo() throws Exception {
    try (PluginWatcher watcher = PluginWatcher.start(dhii.vertx(), dhii.runtime().kernel(), dhii.runtime().registry())) {
      String plugins = dhii.pluginDir().toString();
      assertEquals(0, Cli.run("plugin", "install", bundle("v1").toString(), "--plugins", plugins, "--no-rescan").code());
      Await.until(() -> "v1".equals(version()), Duration.ofSeconds(30), "v1 served");
      Cli.Run force = Cli.run("plugin", "install", bundle("v2").toString(), "--plugins", plugins, "--force", "--no-rescan");
      assertEquals(0, force.code(), force.all());
      Await.until(() -> "v2".equals(version()), Duration.ofSeconds(30), "v2 served after install --force");
      // the renamed-over directory is the one watched now
      JarPlugins.write(dhii.pluginDir(), "shipped", "v3", null, null, null);
      Await.until(() -> "v3".equals(version()), Duration.ofSeconds(30), "v3 served after an edit");
      Cli.Run again = Cli.run("plugin", "install", bundle("v4").toString(), "--plugins", plugins, "--force", "--no-rescan");
      assertEquals(0, again.code(), again.all());
      Await.until(() -> "v4".equals(version()), Duration.ofSeconds(30), "v4 served after a second install --force");
      JarPlugins.write(dhii.pluginDir(), "shipped", "v5", null, null, null);
      Await.until(() -> "v5".equals(version()), Duration.ofSeconds(30), "v5 served after a second edit");
    }
  }
}
