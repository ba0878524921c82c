package dev.dhii.runtime.kernel;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.LifecyclePlugins;
import dev.dhii.runtime.fixtures.LifecyclePlugins.Recording;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.JarPlugins;
import dev.dhii.runtime.testing.TestManifests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** onUnload that throws or hangs, and missing or corrupt jars: each ends in a clear state, nothing else blocks. */
class LifecycleFaultsTest {

  @RegisterExtension
  final DhiiRuntimeExtension dhii = LifecyclePlugins.runtime();

  @BeforeEach
  void setUp() {
    LifecyclePlugins.EVENTS.clear();
  }

  private DhiiRuntime start() {
    return dhii.start();
  }

  @Test
  void onUnloadThatThrowsOrHangsStillUnloadsEveryPlugin() throws Exception {
    TestManifests.write(dhii.pluginDir(), "base", Recording.class, List.of(), null);
    TestManifests.write(dhii.pluginDir(), "thrower", LifecyclePlugins.ThrowsOnUnload.class, List.of(), null);
    TestManifests.write(dhii.pluginDir(), "hanger", LifecyclePlugins.HangsOnUnload.class, List.of(), null);
    DhiiRuntime runtime = start();
    long started = System.nanoTime();
    runtime.stop().await(10, TimeUnit.SECONDS);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5000, "a hanging onUnload is bounded by its deadline");
    for (String id : List.of("base", "thrower", "hanger")) {
      assertEquals(PluginState.UNLOADED, runtime.registry().plugin(id).state(), id);
    }
    assertTrue(LifecyclePlugins.EVENTS.containsAll(List.of("base.onUnload", "thrower.onUnload", "hanger.onUnload")),
      LifecyclePlugins.EVENTS.toString());
  }

  @Test
  void aMissingOrCorruptJarFailsOnlyItsPlugin() throws Exception {
    TestManifests.write(dhii.pluginDir(), "base", Recording.class, List.of(), null);
    JarPlugins.write(dhii.pluginDir(), "missing", "1", null, null, null);
    Files.delete(dhii.pluginDir().resolve("missing/missing.jar"));
    JarPlugins.write(dhii.pluginDir(), "corrupt", "1", null, null, null);
    Files.writeString(dhii.pluginDir().resolve("corrupt/corrupt.jar"), "this is not a zip file");
    DhiiRuntime runtime = start();
    assertEquals(PluginState.READY, runtime.registry().plugin("base").state());
    PluginRecord missing = runtime.registry().plugin("missing");
    assertEquals(PluginState.FAILED, missing.state());
    assertTrue(missing.cause().contains("missing.jar"), missing.cause());
    PluginRecord corrupt = runtime.registry().plugin("corrupt");
    assertEquals(PluginState.FAILED, corrupt.state());
    assertTrue(corrupt.cause().contains("corrupt.jar"), corrupt.cause());
    runtime.stop().await(10, TimeUnit.SECONDS);
  }
}
