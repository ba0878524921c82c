package dev.dhii.runtime.kernel;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.JarPlugins;
import dev.dhii.runtime.testing.TestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code serve --watch}: replacing a plugin's jar redeploys it. */
class PluginWatcherTest {

  @TempDir
  Path plugins;

  @Test
  void aReplacedJarIsPickedUpAndServed() throws Exception {
    JarPlugins.write(plugins, "watched", "before", null, null, null);
    Vertx vertx = Vertx.vertx();
    DhiiRuntime runtime = TestRuntime.start(vertx, plugins, null);
    try (PluginWatcher watcher = PluginWatcher.start(vertx, runtime.kernel(), runtime.registry())) {
      assertEquals("before", version(runtime));
      int generation = runtime.registry().plugin("watched").generation().number();
      JarPlugins.write(plugins, "watched", "after", null, null, null);
      Await.until(() -> runtime.registry().plugin("watched").generation().number() != generation, Duration.ofSeconds(20),
        "the watcher redeployed the plugin");
      assertEquals("after", version(runtime));
    } finally {
      runtime.stop().await(20, TimeUnit.SECONDS);
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  private static String version(DhiiRuntime runtime) throws Exception {
    return runtime.dispatcher().invoke(CallRequest.of("watched.hello", new JsonObject().put("name", "w")))
      .await(10, TimeUnit.SECONDS).output().getString("version");
  }
}
