package dev.dhii.runtime.kernel;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.LifecyclePlugins;
import dev.dhii.runtime.fixtures.LifecyclePlugins.Recording;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugins start in import order and stop in reverse; each failing step fails only its plugin (and dependants). */
class LifecycleTest {

  @RegisterExtension
  final DhiiRuntimeExtension dhii = LifecyclePlugins.runtime();

  @BeforeEach
  void setUp() {
    LifecyclePlugins.EVENTS.clear();
  }

  private void plugin(String id, Class<?> type, JsonObject imports) {
    TestManifests.write(dhii.pluginDir(), id, type, List.of(), imports == null ? null : new JsonObject().put("imports", imports));
  }

  private static JsonObject imports(String id, String range) {
    return new JsonObject().put(id, range);
  }

  private DhiiRuntime start() {
    return dhii.start();
  }

  @Test
  void pluginsStartInImportOrderAndStopInReverse() throws Exception {
    plugin("top", Recording.class, imports("mid", "^1.0.0"));
    plugin("mid", Recording.class, imports("base", "~1.0.0"));
    plugin("base", Recording.class, null);
    DhiiRuntime runtime = start();
    for (String id : List.of("base", "mid", "top")) {
      assertEquals(PluginState.READY, runtime.registry().plugin(id).state(), id);
    }
    runtime.stop().await(10, TimeUnit.SECONDS);
    assertEquals(List.of("base.onLoad", "base.onReady", "mid.onLoad", "mid.onReady", "top.onLoad", "top.onReady",
      "top.onUnload", "mid.onUnload", "base.onUnload"), LifecyclePlugins.EVENTS);
    assertEquals(PluginState.UNLOADED, runtime.registry().plugin("base").state());
  }

  @Test
  void independentPluginsLoadSideBySideAndAnImporterWaitsForBoth() throws Exception {
    LifecyclePlugins.WAITING.clear();
    // each of left and right finishes onLoad only while the other is in onLoad too: one after the other, the first
    // would time out (300 ms) and fail
    plugin("left", LifecyclePlugins.Rendezvous.class, null);
    plugin("right", LifecyclePlugins.Rendezvous.class, null);
    plugin("both", Recording.class, new JsonObject().put("left", "*").put("right", "*"));
    DhiiRuntime runtime = start();
    for (String id : List.of("left", "right", "both")) {
      assertEquals(PluginState.READY, runtime.registry().plugin(id).state(), id + " " + runtime.registry().plugin(id).toJson());
    }
    List<String> events = List.copyOf(LifecyclePlugins.EVENTS);
    assertTrue(events.indexOf("both.onLoad") > events.indexOf("left.onReady")
      && events.indexOf("both.onLoad") > events.indexOf("right.onReady"), events.toString());
    runtime.stop().await(10, TimeUnit.SECONDS);
    // the importer stops first
    assertEquals("both.onUnload", LifecyclePlugins.EVENTS.stream().filter(e -> e.endsWith(".onUnload")).findFirst()
      .orElseThrow());
  }

  @Test
  void aPluginFailingInAnyStepIsFailedWithItsCauseAndTheOthersRun() {
    plugin("good", Recording.class, null);
    plugin("thrower", LifecyclePlugins.ThrowsOnLoad.class, null);
    plugin("failer", LifecyclePlugins.FailsOnLoad.class, null);
    plugin("hanger", LifecyclePlugins.HangsOnReady.class, null);
    plugin("ctor", LifecyclePlugins.ThrowsInConstructor.class, null);
    TestManifests.write(dhii.pluginDir(), "missing", Recording.class, List.of(), new JsonObject().put("entrypoint", "com.acme.Nothing"));
    TestManifests.write(dhii.pluginDir(), "mismatch", Recording.class, List.of("mismatch.extra"), null);
    TestManifests.write(dhii.pluginDir(), "notplugin", String.class, List.of(), null);
    DhiiRuntime runtime = start();
    PluginRegistry registry = runtime.registry();
    assertEquals(PluginState.READY, registry.plugin("good").state());
    assertFailed(registry, "thrower", "no database");
    assertFailed(registry, "failer", "bad credentials");
    assertFailed(registry, "hanger", "onReady");
    assertFailed(registry, "ctor", "constructor failed");
    assertFailed(registry, "missing", "com.acme.Nothing");
    assertFailed(registry, "mismatch", "mismatch.extra");
    assertFailed(registry, "notplugin", "does not implement");
  }

  @Test
  void unresolvableImportsFailThePluginAndItsDependants() {
    plugin("base", Recording.class, null);
    plugin("thrower", LifecyclePlugins.ThrowsOnLoad.class, null);
    plugin("needs-thrower", Recording.class, imports("thrower", "*"));
    plugin("too-new", Recording.class, imports("base", ">=2.0.0"));
    plugin("orphan", Recording.class, imports("ghost", "^1.0.0"));
    plugin("needs-orphan", Recording.class, imports("orphan", "^1.0.0"));
    plugin("cycle-a", Recording.class, imports("cycle-b", "*"));
    plugin("cycle-b", Recording.class, imports("cycle-a", "*"));
    DhiiRuntime runtime = start();
    PluginRegistry registry = runtime.registry();
    assertEquals(PluginState.READY, registry.plugin("base").state());
    assertFailed(registry, "needs-thrower", "thrower");
    assertFailed(registry, "too-new", ">=2.0.0");
    assertFailed(registry, "orphan", "ghost");
    assertFailed(registry, "needs-orphan", "orphan");
    assertFailed(registry, "cycle-a", "cycle");
    assertFailed(registry, "cycle-b", "cycle");
  }

  @Test
  void aBadManifestIsRejectedWithFilePointerAndReasonAndTheOthersStart() {
    plugin("good", Recording.class, null);
    TestManifests.writeRaw(dhii.pluginDir(), "broken-json", "{\"id\": \"broken\",");
    TestManifests.writeRaw(dhii.pluginDir(), "wrong-type", new JsonObject().put("id", "wrong").put("name", "w").put("version", "1.0.0")
      .put("apiVersion", 2).put("runtime", "jvm").put("entrypoint", "x.Y").put("capabilities", "wrong.one").encode());
    DhiiRuntime runtime = start();
    assertEquals(PluginState.READY, runtime.registry().plugin("good").state());
    JsonArray rejected = runtime.registry().rejectedJson();
    assertEquals(2, rejected.size(), rejected.encodePrettily());
    JsonObject wrong = rejected.stream().map(JsonObject.class::cast)
      .filter(r -> r.getString("file").contains("wrong-type")).findFirst().orElseThrow();
    assertEquals("/capabilities", wrong.getString("pointer"), wrong.encode());
    assertTrue(rejected.stream().map(JsonObject.class::cast).anyMatch(r -> r.getString("file").contains("broken-json")));
  }

  @Test
  void aPluginWhoseHealthCheckSaysDownIsDownInHealth() throws Exception {
    plugin("good", Recording.class, null);
    plugin("down", LifecyclePlugins.Down.class, null);
    DhiiRuntime runtime = start();
    CheckResult result = runtime.health().checkStatus().await(5, TimeUnit.SECONDS);
    assertEquals(false, CheckResult.isUp(result));
    JsonObject down = result.toJson().getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(c -> c.getString("id").equals("down")).findFirst().orElseThrow();
    assertEquals("DOWN", down.getString("status"), down.encode());
    assertTrue(down.getJsonObject("data").getString("message").contains("unreachable"));
  }

  @Test
  void disablingAnImportDegradesItsDependantsAndEnablingRestoresThem() throws Exception {
    plugin("base", Recording.class, null);
    plugin("dep", Recording.class, imports("base", "^1.0.0"));
    TestManifests.write(dhii.pluginDir(), "off", Recording.class, List.of(), new JsonObject().put("enabled", false));
    plugin("needs-off", Recording.class, imports("off", "*"));
    DhiiRuntime runtime = start();
    assertEquals(PluginState.UNLOADED, runtime.registry().plugin("off").state(), "disabled in its manifest");
    assertFailed(runtime.registry(), "needs-off", "off");
    assertEquals("UP", status(runtime, "dep"));
    runtime.kernel().disable("base").await(10, TimeUnit.SECONDS);
    assertEquals("DEGRADED", status(runtime, "dep"));
    runtime.kernel().enable("base").await(10, TimeUnit.SECONDS);
    assertEquals("UP", status(runtime, "dep"));
    runtime.kernel().enable("off").await(10, TimeUnit.SECONDS);
    assertEquals(PluginState.READY, runtime.registry().plugin("needs-off").state(), "retried once its import is enabled");
    assertTrue(runtime.registry().plugin("off").enabled(), "enabled by the operator over its manifest");
  }

  private static String status(DhiiRuntime runtime, String id) throws Exception {
    return runtime.health().checkStatus().await(5, TimeUnit.SECONDS).toJson().getJsonArray("checks").stream()
      .map(JsonObject.class::cast).filter(c -> c.getString("id").equals(id)).findFirst().orElseThrow()
      .getJsonObject("data").getString("status");
  }

  private static void assertFailed(PluginRegistry registry, String id, String causePart) {
    PluginRecord record = registry.plugin(id);
    assertEquals(PluginState.FAILED, record.state(), id + ": " + record.cause());
    assertTrue(record.cause() != null && record.cause().contains(causePart), id + " cause: " + record.cause());
  }
}
