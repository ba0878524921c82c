package dev.dhii.runtime.ws;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.WsFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.RpcClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON-RPC methods of {@code /v1/ws} against a real runtime and a real WebSocket client. */
class WebSocketBridgeTest {

  RpcClient rpc;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    WsFixtures.write(plugins);
  }).conf(WsFixtures.limits(8, 8192)).build();

  @BeforeEach
  void connect() {
    rpc = RpcClient.connect(dhii.vertx(), dhii.runtime().httpPort(), null);
  }

  @AfterEach
  void disconnect() {
    rpc.close();
  }

  static JsonObject invoke(String capability, JsonObject input) {
    return new JsonObject().put("capability", capability).put("input", input);
  }

  static JsonObject text(String text) {
    return new JsonObject().put("text", text);
  }

  /** @return the error object of a reply, after checking the envelope and the dhii.runtime()'s error code */
  static JsonObject error(JsonObject reply, int code, String runtimeCode) {
    assertEquals("2.0", reply.getString("jsonrpc"), reply.encode());
    assertFalse(reply.containsKey("result"), reply.encode());
    JsonObject error = reply.getJsonObject("error");
    assertNotNull(error, reply.encode());
    assertEquals(code, error.getInteger("code"), reply.encode());
    assertNotNull(error.getString("message"));
    if (runtimeCode != null) {
      assertEquals(runtimeCode, error.getJsonObject("data").getString("code"), reply.encode());
      assertEquals(error.getString("message"), error.getJsonObject("data").getString("message"));
    }
    return error;
  }

  @Test
  void invokeAnswersWithTheCapabilitysOutput() {
    JsonObject input = new JsonObject().put("text", "hi").put("n", 3);
    JsonObject reply = rpc.call(1, "invoke", invoke("fx.echo", input));
    assertEquals(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("result", input), reply);
  }

  @Test
  void aFailedCallIsAnErrorCarryingTheRuntimesErrorObject() {
    JsonObject error = error(rpc.call("t", "invoke", invoke("bad.throw", text("x"))), -32603, "INTERNAL");
    assertEquals("bad", error.getJsonObject("data").getString("pluginId"));
    assertEquals("bad.throw", error.getJsonObject("data").getString("capabilityId"));
    assertNotNull(error.getJsonObject("data").getString("requestId"));
    error(rpc.call("n", "invoke", invoke("nope.nothing", new JsonObject())), -32601, "NOT_FOUND");
    error(rpc.call("v", "invoke", invoke("fx.echo", text("x".repeat(101)))), -32602, "VALIDATION");
    error(rpc.call("a", "invoke", invoke("fx.secure", text("x"))), -32001, "AUTHENTICATION");
    error(rpc.call("w", "invoke", invoke("bad.network", text("x"))), -32002, "NETWORK");
  }

  @Test
  void timeoutMsBoundsTheCall() {
    JsonObject error = error(rpc.call(2, "invoke", invoke("bad.never", text("x")).put("timeoutMs", 150)), -32004, "TIMEOUT");
    assertTrue(error.getJsonObject("data").getBoolean("retryable"));
  }

  @Test
  void aFastReplyOvertakesASlowOne() {
    WsFixturePlugin.Gate gate = WsFixturePlugin.gate("overtake");
    rpc.send("slow", "invoke", invoke("ws.hold", text("overtake")));
    rpc.send("fast", "invoke", invoke("fx.echo", text("quick")));
    JsonObject first = (JsonObject) rpc.next();
    assertEquals("fast", first.getValue("id"), first.encode());
    assertEquals(text("quick"), first.getJsonObject("result"));
    gate.entered.await(n -> n == 1, Duration.ofSeconds(10), "the slow call runs");
    gate.release();
    JsonObject second = (JsonObject) rpc.next();
    assertEquals("slow", second.getValue("id"), second.encode());
    assertEquals(text("overtake"), second.getJsonObject("result"));
  }

  @Test
  void cancelFailsTheInFlightCallWithCancelled() {
    rpc.send(10, "invoke", invoke("bad.never", text("x")));
    assertEquals(new JsonObject().put("cancelled", true), rpc.call(11, "cancel", new JsonObject().put("id", 10)).getJsonObject("result"));
    JsonObject error = error(rpc.reply(10), -32800, "CANCELLED");
    assertTrue(error.getString("message").contains("caller"), error.encode());
    assertEquals(new JsonObject().put("cancelled", false), rpc.call(12, "cancel", new JsonObject().put("id", 10)).getJsonObject("result"));
    assertEquals(new JsonObject().put("cancelled", false), rpc.call(13, "cancel", new JsonObject().put("id", "unknown")).getJsonObject("result"));
    error(rpc.call(14, "cancel", new JsonObject()), -32602, "VALIDATION");
  }

  @Test
  void cancelAlsoEndsACallServedOverTheEventBusByAnotherNode() throws Exception {
    var elsewhere = dhii.vertx().eventBus().consumer(Addresses.capability("remote.never"), message -> { });
    elsewhere.completion().await(10, TimeUnit.SECONDS);
    try {
      rpc.send(20, "invoke", invoke("remote.never", text("x")));
      assertEquals(true, rpc.call(21, "cancel", new JsonObject().put("id", 20)).getJsonObject("result").getBoolean("cancelled"));
      error(rpc.reply(20), -32800, "CANCELLED");
    } finally {
      elsewhere.unregister();
    }
  }

  @Test
  void theListingsAndHealthAreTheHttpDocuments() throws Exception {
    WebClient http = WebClient.create(dhii.vertx());
    try {
      JsonObject capabilities = http.get(dhii.runtime().httpPort(), "127.0.0.1", "/v1/capabilities").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      assertEquals(capabilities, rpc.call(1, "capabilities.list", null).getJsonObject("result"));
      JsonObject plugins = rpc.call(2, "plugins.list", null).getJsonObject("result");
      JsonObject httpPlugins = http.get(dhii.runtime().httpPort(), "127.0.0.1", "/v1/plugins").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      assertEquals(ids(httpPlugins.getJsonArray("plugins")), ids(plugins.getJsonArray("plugins")));
      assertEquals(httpPlugins.getJsonArray("rejected"), plugins.getJsonArray("rejected"));
      JsonObject health = rpc.call(3, "health", null).getJsonObject("result");
      JsonObject httpHealth = http.get(dhii.runtime().httpPort(), "127.0.0.1", "/health").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      assertEquals(httpHealth.getString("status"), health.getString("status"));
      assertEquals(httpHealth.getJsonArray("checks").size(), health.getJsonArray("checks").size());
    } finally {
      http.close();
    }
  }

  private static List<String> ids(JsonArray plugins) {
    return plugins.stream().map(p -> ((JsonObject) p).getString("id") + ":" + ((JsonObject) p).getString("state")).toList();
  }

  @Test
  void subscribersReceiveTheEventsOfTheirTopicsUntilTheyUnsubscribe() {
    assertEquals(new JsonArray().add("test.ws."), rpc.call(1, "subscribe", new JsonObject().put("topics",
      new JsonArray().add("test.ws."))).getJsonObject("result").getJsonArray("topics"));
    dhii.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "other.thing").put("n", 1));
    dhii.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "test.ws.ping").put("n", 2));
    JsonObject event = (JsonObject) rpc.next();
    assertEquals(new JsonObject().put("jsonrpc", "2.0").put("method", "event")
      .put("params", new JsonObject().put("type", "test.ws.ping").put("n", 2)), event);

    assertEquals(new JsonArray(), rpc.call(2, "unsubscribe", null).getJsonObject("result").getJsonArray("topics"));
    dhii.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "test.ws.ping").put("n", 3));
    assertEquals(3, rpc.call(3, "plugins.list", null).getValue("id"));
    assertTrue(rpc.idle(), "no event after unsubscribe");
    error(rpc.call(4, "subscribe", new JsonObject().put("topics", "plugin.")), -32602, "VALIDATION");
    error(rpc.call(5, "subscribe", new JsonObject().put("topics", new JsonArray())), -32602, "VALIDATION");
  }
}
