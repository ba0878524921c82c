package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.JarPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jar plugins in their own class loaders, through the kernel: boundary, side-by-side libraries, forbidden calls. */
class JarPluginIsolationTest {

  @TempDir
  static Path libs;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    JarPlugins.write(plugins, "pa", "1.0", JarPlugins.library(libs.resolve("lib1.jar"), "lib-1"), null, null);
    JarPlugins.write(plugins, "pb", "1.0", JarPlugins.library(libs.resolve("lib2.jar"), "lib-2"), null, null);
    JarPlugins.write(plugins, "quitter", "1.0", null, "if (in.name().isEmpty()) System.exit(3);", null);
    JarPlugins.write(plugins, "allowed", "1.0", null, "if (in.name().isEmpty()) System.exit(3);",
      new JsonObject().put("permissions", new JsonArray().add("exit")));
    JarPlugins.write(plugins, "threads", "1.0", null, "if (in.name().isEmpty()) new Thread(() -> {}).start();", null);
  }).build();

  private static JsonObject hello(String pluginId) throws Exception {
    return dhii.runtime().dispatcher().invoke(CallRequest.of(pluginId + ".hello", new JsonObject().put("name", "ann")))
      .await(10, TimeUnit.SECONDS).output();
  }

  @Test
  void aJarPluginServesFromItsOwnClassLoader() throws Exception {
    JsonObject out = hello("pa");
    assertEquals("hello ann", out.getString("text"));
    assertEquals("PluginClassLoader[pa]", out.getString("loader"), "the context class loader during the call");
  }

  @Test
  void kernelClassesAreInvisibleToPlugins() throws Exception {
    assertEquals("hidden", hello("pa").getString("kernel"));
  }

  @Test
  void twoPluginsUseDifferentVersionsOfTheSameLibrarySideBySide() throws Exception {
    assertEquals("lib-1", hello("pa").getString("library"));
    assertEquals("lib-2", hello("pb").getString("library"));
  }

  @Test
  void aPluginCallingSystemExitIsRefusedWithTheReason() {
    PluginRecord quitter = dhii.runtime().registry().plugin("quitter");
    assertEquals(PluginState.FAILED, quitter.state());
    assertTrue(quitter.cause().contains("java.lang.System.exit"), quitter.cause());
    assertTrue(quitter.cause().contains("com.acme.quitter.Main"), quitter.cause());
    assertTrue(quitter.cause().contains("\"exit\""), quitter.cause());
    PluginRecord threads = dhii.runtime().registry().plugin("threads");
    assertEquals(PluginState.FAILED, threads.state());
    assertTrue(threads.cause().contains("java.lang.Thread"), threads.cause());
  }

  @Test
  void aGrantedPermissionLetsThePluginLoad() throws Exception {
    assertEquals(PluginState.READY, dhii.runtime().registry().plugin("allowed").state());
    assertEquals("hello ann", hello("allowed").getString("text"));
  }
}
