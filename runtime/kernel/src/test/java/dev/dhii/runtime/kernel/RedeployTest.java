package dev.dhii.runtime.kernel;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.Counter;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.JarPlugins;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blue/green redeploy under load, a redeploy that fails, disable and enable. */
class RedeployTest {

  @RegisterExtension
  final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(plugins -> JarPlugins.write(plugins, "greet", "v0", null, null, null)).build();
  WebClient client;

  @BeforeEach
  void start() {
    client = WebClient.create(dhii.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(dhii.httpPort()),
      new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
  }

  private HttpResponse<Buffer> post(String path, String body) throws Exception {
    return client.post(path).putHeader("content-type", "application/json")
      .putHeader("authorization", dhii.admin()).sendBuffer(Buffer.buffer(body))
      .await(30, TimeUnit.SECONDS);
  }

  /** Keeps {@code inFlight} calls going over HTTP and as many over the event bus until stopped. */
  private static final class Load {
    final Counter ok = new Counter();
    final Map<String, String> failures = new ConcurrentHashMap<>();
    final Set<String> versions = ConcurrentHashMap.newKeySet();
    volatile boolean running = true;
    final Counter active = new Counter();

    void check(String via, JsonObject out, Throwable failure) {
      if (failure != null) {
        failures.put(via + "#" + failures.size(), String.valueOf(failure));
      } else if (!"hello load".equals(out.getString("text"))) {
        failures.put(via + "#" + failures.size(), "wrong answer " + out.encode());
      } else {
        ok.incrementAndGet();
        versions.add(out.getString("version"));
      }
    }
  }

  private void loop(Load load, boolean http) {
    if (!load.running) {
      load.active.decrementAndGet();
      return;
    }
    Future<JsonObject> call = http
      ? client.post("/v1/capabilities/greet.hello/invoke").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"name\":\"load\"}")).map(r -> r.statusCode() == 200
          ? r.bodyAsJsonObject().getJsonObject("result") : new JsonObject().put("text", "HTTP " + r.statusCode() + " " + r.bodyAsString()))
      : dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("greet.hello"), new JsonObject().put("name", "load"))
        .map(m -> m.body());
    call.onComplete(ar -> {
      load.check(http ? "http" : "eventbus", ar.result(), ar.cause());
      loop(load, http);
    });
  }

  @Test
  void twentyRedeploysUnderLoadLoseNoCall() throws Exception {
    Load load = new Load();
    int perTransport = 8;
    for (int i = 0; i < perTransport; i++) {
      load.active.addAndGet(2);
      dhii.vertx().runOnContext(v -> loop(load, true));
      dhii.vertx().runOnContext(v -> loop(load, false));
    }
    load.ok.await(n -> n > 50, Duration.ofSeconds(20), "the load is running");
    for (int i = 1; i <= 20; i++) {
      boolean broken = i == 10;
      if (broken) {
        // a jar that references a forbidden call: the new generation must fail, the old one keeps serving
        JarPlugins.write(dhii.pluginDir(), "greet", "v" + i, null, "if (in.name().isEmpty()) System.exit(1);", null);
      } else {
        JarPlugins.write(dhii.pluginDir(), "greet", "v" + i, null, null, null);
      }
      int okBefore = load.ok.get();
      Outcome response = i % 2 == 0 ? Outcome.of(post("/v1/plugins/greet/redeploy", "{}")) : redeployOverEventBus();
      if (broken) {
        assertEquals(500, response.status(), response.body().encode());
        JsonObject error = response.body().getJsonObject("error");
        assertEquals("CONFIGURATION", error.getString("code"));
        assertTrue(error.getString("message").contains("keeps serving"), error.encode());
        assertTrue(error.getString("message").contains("System.exit"), error.encode());
      } else {
        assertEquals(200, response.status(), response.body().encode());
      }
      load.ok.await(n -> n > okBefore + 20, Duration.ofSeconds(20), "calls flow after redeploy " + i);
    }
    load.running = false;
    load.active.await(n -> n == 0, Duration.ofSeconds(30), "every call of the load ended");
    assertEquals(Map.of(), load.failures, "no call failed or got a wrong answer");
    assertTrue(load.ok.get() > 500, "calls made: " + load.ok.get());
    assertTrue(load.versions.size() >= 10, "generations served: " + load.versions);
    assertTrue(!load.versions.contains("v10"), "the broken version never served");
    JsonObject last = post("/v1/capabilities/greet.hello/invoke", "{\"name\":\"load\"}").bodyAsJsonObject();
    assertEquals("v20", last.getJsonObject("result").getString("version"));
  }

  /** A redeploy's answer, over HTTP or the event bus. */
  private record Outcome(int status, JsonObject body) {
    static Outcome of(HttpResponse<Buffer> response) {
      return new Outcome(response.statusCode(), response.bodyAsJsonObject());
    }
  }

  private Outcome redeployOverEventBus() throws Exception {
    Promise<Outcome> promise = Promise.promise();
    dhii.vertx().eventBus().<JsonObject>request(Addresses.ADMIN, new JsonObject().put("action", "redeploy").put("pluginId", "greet"),
        new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(30_000)
          .addHeader("authorization", dhii.admin()))
      .onComplete(ar -> promise.complete(ar.succeeded() ? new Outcome(200, ar.result().body())
        : new Outcome(((io.vertx.core.eventbus.ReplyException) ar.cause()).failureCode(), new JsonObject(ar.cause().getMessage()))));
    return promise.future().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aRedeployAddsAndDropsCapabilitiesAtOnce() throws Exception {
    // version 2 of "greet" serves greet.hello under a new plugin layout: rename the capability set
    Path dir = dhii.pluginDir().resolve("greet");
    JsonObject manifest = new JsonObject(Files.readString(dir.resolve("manifest.json")));
    assertEquals(200, post("/v1/plugins/greet/redeploy", "{}").statusCode());
    assertEquals(manifest.getJsonArray("capabilities").getList(), dhii.runtime().registry().plugin("greet").manifest().capabilities());
    Files.writeString(dir.resolve("manifest.json"), manifest.put("capabilities", new io.vertx.core.json.JsonArray().add("greet.other")).encode());
    HttpResponse<Buffer> refused = post("/v1/plugins/greet/redeploy", "{}");
    assertEquals(500, refused.statusCode(), "the code does not provide greet.other: " + refused.bodyAsString());
    assertEquals(200, post("/v1/capabilities/greet.hello/invoke", "{\"name\":\"load\"}").statusCode(), "old generation still serves");
  }

  @Test
  void disablingAPluginAnswersUnavailableAndEnablingRestoresIt() throws Exception {
    assertEquals(200, post("/v1/plugins/greet/disable", "{}").statusCode());
    assertEquals(PluginState.UNLOADED, dhii.runtime().registry().plugin("greet").state());
    HttpResponse<Buffer> call = post("/v1/capabilities/greet.hello/invoke", "{\"name\":\"x\"}");
    assertEquals(503, call.statusCode());
    assertEquals("UNAVAILABLE", call.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(200, client.get("/health/ready").send().await(10, TimeUnit.SECONDS).statusCode(),
      "a disabled plugin does not hold readiness back");
    assertEquals(200, post("/v1/plugins/greet/enable", "{}").statusCode());
    assertEquals(PluginState.READY, dhii.runtime().registry().plugin("greet").state());
    assertEquals(200, post("/v1/capabilities/greet.hello/invoke", "{\"name\":\"x\"}").statusCode());
    assertEquals(404, post("/v1/plugins/nobody/disable", "{}").statusCode());
  }
}
