package dev.dhii.runtime.ws;

import dev.dhii.runtime.fixtures.WsFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.RpcClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Objects;

import static dev.dhii.runtime.ws.WebSocketBridgeTest.error;
import static dev.dhii.runtime.ws.WebSocketBridgeTest.invoke;
import static dev.dhii.runtime.ws.WebSocketBridgeTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON-RPC framing on {@code /v1/ws}: batches, malformed requests, the in-flight bound, frame limits, disconnects. */
class WebSocketProtocolTest {

  static final int MAX_IN_FLIGHT = 4;
  static final int MAX_FRAME_BYTES = 4096;

  RpcClient rpc;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    WsFixtures.write(plugins);
  }).conf(WsFixtures.limits(MAX_IN_FLIGHT, MAX_FRAME_BYTES)).build();

  @BeforeEach
  void connect() {
    rpc = RpcClient.connect(dhii.vertx(), dhii.runtime().httpPort(), null);
  }

  @AfterEach
  void disconnect() {
    rpc.close();
  }

  private void stillAnswers() {
    assertEquals(text("alive"), rpc.call("alive", "invoke", invoke("fx.echo", text("alive"))).getJsonObject("result"));
  }

  @Test
  void aBatchIsAnsweredWithAnArrayWithoutTheNotifications() {
    JsonArray batch = new JsonArray()
      .add(RpcClient.request(1, "invoke", invoke("fx.echo", text("one"))))
      .add(new JsonObject().put("jsonrpc", "2.0").put("method", "plugins.list"))
      .add(5)
      .add(RpcClient.request(3, "nothing.here", null))
      .add(RpcClient.request(4, "invoke", invoke("bad.never", text("x")).put("timeoutMs", 100)));
    rpc.sendText(batch.encode());
    JsonArray replies = (JsonArray) rpc.next();
    assertEquals(4, replies.size(), replies.encode());
    assertEquals(text("one"), find(replies, 1).getJsonObject("result"));
    error(find(replies, null), -32600, null);
    error(find(replies, 3), -32601, "NOT_FOUND");
    error(find(replies, 4), -32004, "TIMEOUT");
  }

  @Test
  void anEmptyBatchIsAnInvalidRequestAndABatchOfNotificationsIsNotAnswered() {
    rpc.sendText("[]");
    JsonObject reply = (JsonObject) rpc.next();
    error(reply, -32600, null);
    assertTrue(reply.containsKey("id") && reply.getValue("id") == null, reply.encode());
    rpc.sendText(new JsonArray().add(new JsonObject().put("jsonrpc", "2.0").put("method", "plugins.list")).encode());
    assertEquals(2, rpc.call(2, "plugins.list", null).getValue("id"));
    assertTrue(rpc.idle(), "nothing answered the batch of notifications");
  }

  private static JsonObject find(JsonArray replies, Object id) {
    return replies.stream().map(JsonObject.class::cast).filter(r -> Objects.equals(r.getValue("id"), id))
      .findFirst().orElseThrow(() -> new AssertionError("no reply with id " + id + " in " + replies.encode()));
  }

  @Test
  void malformedJsonIsAParseErrorAndTheConnectionStaysOpen() {
    rpc.sendText("{\"jsonrpc\": \"2.0\", \"method\": ");
    JsonObject reply = (JsonObject) rpc.next();
    error(reply, -32700, null);
    assertTrue(reply.containsKey("id") && reply.getValue("id") == null, reply.encode());
    rpc.sendText("");
    error((JsonObject) rpc.next(), -32700, null);
    stillAnswers();
  }

  @Test
  void aFrameThatIsNotARequestIsAnInvalidRequestAndTheConnectionStaysOpen() {
    rpc.sendText("42");
    error((JsonObject) rpc.next(), -32600, null);
    rpc.sendText("{\"jsonrpc\":\"2.0\",\"id\":7}");
    error(rpc.reply(7), -32600, null);
    rpc.sendText("{\"jsonrpc\":\"1.0\",\"method\":\"health\",\"id\":8}");
    error(rpc.reply(8), -32600, null);
    rpc.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"health\",\"params\":3,\"id\":9}");
    error(rpc.reply(9), -32600, null);
    rpc.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"health\",\"id\":{\"a\":1}}");
    error((JsonObject) rpc.next(), -32600, null);
    rpc.sendBinary(Buffer.buffer("{\"jsonrpc\":\"2.0\",\"method\":\"health\",\"id\":10}"));
    error((JsonObject) rpc.next(), -32600, null);
    stillAnswers();
  }

  @Test
  void anUnknownMethodIsMethodNotFoundAndTheConnectionStaysOpen() {
    error(rpc.call(1, "capabilities.delete", null), -32601, "NOT_FOUND");
    stillAnswers();
  }

  @Test
  void badParamsAreInvalidParamsAndTheConnectionStaysOpen() {
    error(rpc.call(1, "invoke", new JsonObject().put("capability", 5)), -32602, "VALIDATION");
    error(rpc.call(2, "invoke", new JsonArray().add("fx.echo")), -32602, "VALIDATION");
    error(rpc.call(3, "invoke", invoke("fx.echo", null)), -32602, "VALIDATION");
    error(rpc.call(4, "invoke", invoke("fx.echo", text("x")).put("timeoutMs", 0)), -32602, "VALIDATION");
    error(rpc.call(5, "invoke", invoke("fx.echo", text("x")).put("timeoutMs", "soon")), -32602, "VALIDATION");
    error(rpc.call(6, "auth", new JsonObject()), -32602, "VALIDATION");
    stillAnswers();
  }

  @Test
  void requestsBeyondTheInFlightBoundAreOverloadedAndCancelStillWorks() {
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      rpc.send("held-" + i, "invoke", invoke("bad.never", text("x")));
    }
    JsonObject error = error(rpc.call("over", "invoke", invoke("fx.echo", text("x"))), -32054, "OVERLOADED");
    assertTrue(error.getJsonObject("data").getBoolean("retryable"));
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      assertEquals(true, rpc.call("cancel-" + i, "cancel", new JsonObject().put("id", "held-" + i))
        .getJsonObject("result").getBoolean("cancelled"));
      error(rpc.reply("held-" + i), -32800, "CANCELLED");
    }
    stillAnswers();
  }

  @Test
  void anIdInUseByACallInFlightIsRefused() {
    rpc.send("same", "invoke", invoke("bad.never", text("x")));
    rpc.send("same", "invoke", invoke("fx.echo", text("x")));
    error(rpc.reply("same"), -32600, null);
    rpc.call("c", "cancel", new JsonObject().put("id", "same"));
    error(rpc.reply("same"), -32800, "CANCELLED");
  }

  @Test
  void closingTheConnectionCancelsItsCallsInFlight() {
    WsFixturePlugin.Gate gate = WsFixturePlugin.gate("disconnect");
    rpc.send(1, "invoke", invoke("ws.hold", text("disconnect")));
    rpc.send(2, "invoke", invoke("ws.hold", text("disconnect")));
    rpc.sendText(new JsonObject().put("jsonrpc", "2.0").put("method", "invoke")
      .put("params", invoke("ws.hold", text("disconnect"))).encode()); // a notification: cancelled too
    gate.entered.await(n -> n == 3, Duration.ofSeconds(10), "three calls reached the plugin");
    rpc.close();
    gate.cancelled.await(n -> n == 3, Duration.ofSeconds(10), "the three calls were cancelled");
  }

  @Test
  void aFrameOverTheLimitClosesTheConnectionWithMessageTooBig() {
    rpc.sendText(RpcClient.request(1, "invoke", invoke("fx.echo", text("x".repeat(MAX_FRAME_BYTES)))).encode());
    assertEquals(1009, rpc.awaitClose());
  }

  @Test
  void fragmentsAddingUpToMoreThanTheLimitCloseTheConnectionWithMessageTooBig() {
    String half = "x".repeat(MAX_FRAME_BYTES / 2 + 10);
    rpc.sendFrame(WebSocketFrame.textFrame("{\"jsonrpc\":\"2.0\",\"method\":\"health\",\"id\":1,\"pad\":\"" + half, false));
    rpc.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(half + "\"}"), true));
    assertEquals(1009, rpc.awaitClose());
  }
}
