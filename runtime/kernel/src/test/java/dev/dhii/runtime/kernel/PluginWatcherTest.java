package dev.dhii.runtime.kernel;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.EventLog;
import dev.dhii.runtime.testing.JarPlugins;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@code serve --watch}: replacing a plugin's jar redeploys it. */
class PluginWatcherTest {

  @RegisterExtension
  final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(plugins -> JarPlugins.write(plugins, "watched", "before", null, null, null)).build();

  @Test
  void aReplacedJarIsPickedUpAndServed() throws Exception {
    DhiiRuntime runtime = dhii.runtime();
    try (PluginWatcher watcher = PluginWatcher.start(dhii.vertx(), runtime.kernel(), runtime.registry())) {
      assertEquals("before", version(runtime));
      int generation = runtime.registry().plugin("watched").generation().number();
      EventLog events = EventLog.listen(dhii.vertx(), Addresses.EVENTS);
      JarPlugins.write(dhii.pluginDir(), "watched", "after", null, null, null);
      // the watcher redeployed the plugin
      events.first(e -> "plugin.redeployed".equals(e.getString("type")) && "watched".equals(e.getString("pluginId")))
        .await(20, TimeUnit.SECONDS);
      assertNotEquals(generation, runtime.registry().plugin("watched").generation().number());
      assertEquals("after", version(runtime));
    }
  }

  private static String version(DhiiRuntime runtime) throws Exception {
    return runtime.dispatcher().invoke(CallRequest.of("watched.hello", new JsonObject().put("name", "w")))
      .await(10, TimeUnit.SECONDS).output().getString("version");
  }
}
