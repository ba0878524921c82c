package dev.dhii.runtime.kernel;

import dev.dhii.runtime.auth.Authenticators;
import dev.dhii.runtime.auth.TokenIssuer;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.JarPlugins;
import dev.dhii.runtime.testing.PythonPlugins;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/plugins/rescan}: plugin directories added, removed and changed are served without a restart. */
class PluginRescanTest {

  @RegisterExtension
  final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(plugins -> JarPlugins.write(plugins, "base", "b1", null, null, null))
    // a Python process's start on a busy machine
    .conf(new JsonObject().put("lifecycle", new JsonObject().put("stepTimeoutMs", 10_000))).build();

  private HttpResponse<Buffer> rescan(String authorization) throws Exception {
    var request = dhii.http().post("/v1/plugins/rescan");
    if (authorization != null) {
      request.putHeader("authorization", authorization);
    }
    return request.send().await(60, TimeUnit.SECONDS);
  }

  private JsonObject rescanned() throws Exception {
    HttpResponse<Buffer> response = rescan(dhii.admin());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private JsonObject call(String capability) throws Exception {
    return dhii.runtime().dispatcher().invoke(CallRequest.of(capability, new JsonObject().put("name", "ada")))
      .await(15, TimeUnit.SECONDS).output();
  }

  private static JsonObject outcome(List<String> added, List<String> removed, List<String> redeployed) {
    return new JsonObject().put("added", new JsonArray(added)).put("removed", new JsonArray(removed))
      .put("redeployed", new JsonArray(redeployed)).put("failed", new JsonArray());
  }

  @Test
  void aNewJvmPluginDirectoryIsStartedAndServedWithoutARestart() throws Exception {
    assertNull(dhii.runtime().registry().plugin("fresh"));
    JarPlugins.write(dhii.pluginDir(), "fresh", "f1", null, null, null);
    assertEquals(outcome(List.of("fresh"), List.of(), List.of()), rescanned());
    assertEquals("f1", call("fresh.hello").getString("version"));
    assertEquals(PluginState.READY, dhii.runtime().registry().plugin("fresh").state());
    // listed, and a second rescan finds nothing to do
    assertTrue(dhii.http().get("/v1/plugins/fresh").send().await(10, TimeUnit.SECONDS).bodyAsString().contains("READY"));
    assertEquals(outcome(List.of(), List.of(), List.of()), rescanned());
    assertEquals("b1", call("base.hello").getString("version"));
  }

  @Test
  void aNewPythonPluginDirectoryIsStartedAndServed() throws Exception {
    PythonPlugins.write(dhii.pluginDir(), "pyfresh", "hi");
    assertEquals(outcome(List.of("pyfresh"), List.of(), List.of()), rescanned());
    assertEquals("hi ada", call("pyfresh.hello").getString("text"));
    HttpResponse<Buffer> served = dhii.http().post("/v1/capabilities/pyfresh.hello/invoke")
      .sendJsonObject(new JsonObject().put("name", "bo")).await(15, TimeUnit.SECONDS);
    assertEquals(200, served.statusCode(), served.bodyAsString());
  }

  @Test
  void aRemovedDirectoryIsUnloadedAndForgotten() throws Exception {
    Path dir = JarPlugins.write(dhii.pluginDir(), "brief", "x1", null, null, null);
    assertEquals(List.of("brief"), rescanned().getJsonArray("added").getList());
    assertEquals("x1", call("brief.hello").getString("version"));
    delete(dir);
    assertEquals(outcome(List.of(), List.of("brief"), List.of()), rescanned());
    assertNull(dhii.runtime().registry().plugin("brief"));
    Exception gone = assertThrows(Exception.class, () -> call("brief.hello"));
    assertTrue(String.valueOf(gone).contains("NOT_FOUND") || String.valueOf(gone).contains("brief.hello"), String.valueOf(gone));
    HttpResponse<Buffer> http = dhii.http().post("/v1/capabilities/brief.hello/invoke")
      .sendJsonObject(new JsonObject().put("name", "bo")).await(15, TimeUnit.SECONDS);
    assertEquals(404, http.statusCode(), http.bodyAsString());
    assertEquals("NOT_FOUND", http.bodyAsJsonObject().getJsonObject("error").getString("code"));
    // the same id may come back
    JarPlugins.write(dhii.pluginDir(), "brief", "x2", null, null, null);
    assertEquals(List.of("brief"), rescanned().getJsonArray("added").getList());
    assertEquals("x2", call("brief.hello").getString("version"));
  }

  @Test
  void aCallInFlightWhenItsDirectoryGoesFinishes() throws Exception {
    Path dir = PythonPlugins.write(dhii.pluginDir(), "slowpoke", "hi");
    // the handler says it started (in its data directory), then takes a second
    Files.writeString(dir.resolve("plugin.py"), PythonPlugins.source("slowpoke", "hi",
      "import os, time\nopen(os.path.join(os.environ[\"DHII_PLUGIN_DATA\"], \"started\"), \"w\").close()\ntime.sleep(1)"));
    assertEquals(List.of("slowpoke"), rescanned().getJsonArray("added").getList());
    var inFlight = dhii.runtime().dispatcher().invoke(CallRequest.of("slowpoke.hello", new JsonObject().put("name", "ada")));
    Path started = dhii.dataDir().resolve("slowpoke").resolve("started");
    dev.dhii.runtime.testing.Await.until(() -> Files.exists(started), Duration.ofSeconds(20), "the call started");
    delete(dir);
    assertEquals(outcome(List.of(), List.of("slowpoke"), List.of()), rescanned());
    assertEquals("hi ada", inFlight.await(20, TimeUnit.SECONDS).output().getString("text"));
  }

  @Test
  void aChangedManifestIsRedeployed() throws Exception {
    int generation = dhii.runtime().registry().plugin("base").generation().number();
    JarPlugins.write(dhii.pluginDir(), "base", "b2", null, null, new JsonObject().put("version", "1.1.0"));
    assertEquals(outcome(List.of(), List.of(), List.of("base")), rescanned());
    assertEquals("b2", call("base.hello").getString("version"));
    assertEquals("1.1.0", dhii.runtime().registry().plugin("base").manifest().version());
    assertTrue(dhii.runtime().registry().plugin("base").generation().number() > generation);
  }

  @Test
  void aBrokenNewDirectoryIsReportedFailedWithATypedErrorAndDisturbsNoOther() throws Exception {
    Files.createDirectories(dhii.pluginDir().resolve("garbled"));
    Files.writeString(dhii.pluginDir().resolve("garbled/manifest.json"), "{\"id\": \"garbled\", ");
    Path jarless = JarPlugins.write(dhii.pluginDir(), "jarless", "j1", null, null, null);
    Files.delete(jarless.resolve("jarless.jar"));
    JarPlugins.write(dhii.pluginDir(), "thief", "t1", null, null,
      new JsonObject().put("capabilities", new JsonArray().add("base.hello")));
    PythonPlugins.write(dhii.pluginDir(), "pyfine", "yo");
    JsonObject answer = rescanned();
    assertEquals(List.of("pyfine"), answer.getJsonArray("added").getList(), answer.encodePrettily());
    JsonArray failed = answer.getJsonArray("failed");
    assertEquals(3, failed.size(), answer.encodePrettily());
    for (Object f : failed) {
      JsonObject error = ((JsonObject) f).getJsonObject("error");
      assertEquals("CONFIGURATION", error.getString("code"), answer.encodePrettily());
      assertTrue(!error.getString("message").isBlank() && !error.getString("message").contains("Exception"), error.encode());
    }
    assertEquals(List.of("garbled", "jarless", "thief"), failed.stream().map(f -> ((JsonObject) f).getString("id")).sorted().toList());
    assertTrue(failed.encode().contains("already declared by plugin \\\"base\\\""), failed.encode());
    assertEquals(PluginState.FAILED, dhii.runtime().registry().plugin("jarless").state());
    assertEquals("b1", call("base.hello").getString("version"));
    assertEquals("yo ada", call("pyfine.hello").getString("text"));
    // the rejected manifest is listed; once fixed, the next rescan starts it
    assertTrue(dhii.runtime().registry().rejectedJson().encode().contains("garbled"));
    delete(dhii.pluginDir().resolve("garbled"));
    JarPlugins.write(dhii.pluginDir(), "garbled", "g1", null, null, null);
    JsonObject fixed = rescanned();
    assertEquals(List.of("garbled"), fixed.getJsonArray("added").getList(), fixed.encodePrettily());
    assertEquals("g1", call("garbled.hello").getString("version"));
    assertTrue(!dhii.runtime().registry().rejectedJson().encode().contains("garbled"));
  }

  @Test
  void theRescanNeedsAnAdminToken() throws Exception {
    HttpResponse<Buffer> anonymous = rescan(null);
    assertEquals(401, anonymous.statusCode(), anonymous.bodyAsString());
    assertEquals("AUTHENTICATION", anonymous.bodyAsJsonObject().getJsonObject("error").getString("code"));
    String user = "Bearer " + new TokenIssuer(dhii.vertx(), Authenticators.jwtOptions(dhii.runtime().options()))
      .issue("someone", List.of("user"), Duration.ofMinutes(5));
    HttpResponse<Buffer> forbidden = rescan(user);
    assertEquals(403, forbidden.statusCode(), forbidden.bodyAsString());
    assertEquals("FORBIDDEN", forbidden.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> bad = rescan("Bearer not-a-token");
    assertEquals(401, bad.statusCode(), bad.bodyAsString());
    // nothing was rescanned: a new directory stays unknown
    JarPlugins.write(dhii.pluginDir(), "unseen", "u1", null, null, null);
    rescan(null);
    assertNull(dhii.runtime().registry().plugin("unseen"));
  }

  @Test
  void theRescanIsInTheOpenApiDocumentAsAnAdminOperation() throws Exception {
    JsonObject document = dhii.http().get("/openapi.json").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    JsonObject post = document.getJsonObject("paths").getJsonObject("/v1/plugins/rescan").getJsonObject("post");
    assertEquals("rescanPlugins", post.getString("operationId"));
    assertEquals(List.of("admin"), post.getJsonArray("tags").getList());
    assertTrue(post.getJsonObject("responses").containsKey("401") && post.getJsonObject("responses").containsKey("403"));
    assertEquals(List.of("added", "removed", "redeployed", "failed"), post.getJsonObject("responses").getJsonObject("200")
      .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema").getJsonArray("required").getList());
  }

  @Test
  void theRescanIsOnTheAdminAddressToo() throws Exception {
    JarPlugins.write(dhii.pluginDir(), "bussed", "e1", null, null, null);
    JsonObject reply = dhii.vertx().eventBus().<JsonObject>request(dev.dhii.runtime.bus.Addresses.ADMIN,
      new JsonObject().put("action", "rescan"), new io.vertx.core.eventbus.DeliveryOptions()
        .addHeader("authorization", dhii.admin())).await(60, TimeUnit.SECONDS).body();
    assertEquals(List.of("bussed"), reply.getJsonArray("added").getList());
  }

  static void delete(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
