package dev.dhii.runtime.json;

import dev.dhii.runtime.hostile.HttpHostileFixture;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.FrameSocket;
import dev.dhii.runtime.testing.RpcClient;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket and TCP bridges read their frames with the same strict parser as HTTP. */
class StrictJsonTransportsTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(dir -> {
    TestManifests.write(dir, "hx", HttpHostileFixture.class,
      List.of("hx.typed", "hx.nested", "hx.echo", "hx.other", "hx.secure", "hx.throw"), null);
  }).build();

  /** Not strict JSON: duplicate keys (a second method or capability), comments, NaN, a lone surrogate, garbage. */
  static final String[] BAD = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"invoke\",\"params\":{\"capability\":\"hx.echo\",\"input\":{}},\"method\":\"plugins.list\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"invoke\",\"params\":{\"capability\":\"hx.echo\",\"capability\":\"hx.other\",\"input\":{}}}",
    "{\"jsonrpc\":\"2.0\",/* c */\"id\":1,\"method\":\"health\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"invoke\",\"params\":{\"capability\":\"hx.echo\",\"input\":{\"n\":NaN}}}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"invoke\",\"params\":{\"capability\":\"hx.echo\",\"input\":{\"s\":\"\\uD800\"}}}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"} x"};

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void webSocketTextFramesAreStrict(int i) {
    try (RpcClient ws = RpcClient.connect(dhii.vertx(), dhii.runtime().httpPort(), null)) {
      ws.sendText(BAD[i]);
      JsonObject reply = (JsonObject) ws.next();
      assertEquals(-32700, reply.getJsonObject("error").getInteger("code"), reply::encode);
      assertTrue(!reply.encode().contains("jackson") && !reply.encode().contains("Exception"), reply::encode);
      // the connection goes on
      JsonObject health = ws.call(2, "health", null);
      assertTrue(health.containsKey("result"), health::encode);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\",\"replyAddress\":\"r1\",\"body\":{},\"address\":\"dhii.cap.hx.other\"}",
    "{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\",/* c */\"replyAddress\":\"r1\",\"body\":{}}",
    "{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\",\"replyAddress\":\"r1\",\"body\":{\"s\":\"\\uDC00\"}}",
    "{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\",\"replyAddress\":\"r1\",\"body\":{\"n\":Infinity}}"})
  void tcpBridgeFramesAreStrict(String frame) {
    try (FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort())) {
      socket.sendRaw(frame.getBytes(StandardCharsets.UTF_8));
      JsonObject reply = socket.read();
      assertEquals("err", reply.getString("type"), reply::encode);
      assertEquals("malformed_frame", reply.getString("message"), reply::encode);
      assertTrue(reply.getString("reason").startsWith("the frame is not JSON: "), reply::encode);
    }
  }

  @org.junit.jupiter.api.Test
  void tcpBridgeFramesWithOverlongUtf8AreRefused() {
    try (FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort())) {
      byte[] head = "{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\",\"replyAddress\":\"r1\",\"body\":{\"p\":\"".getBytes(StandardCharsets.UTF_8);
      byte[] frame = new byte[head.length + 4];
      System.arraycopy(head, 0, frame, 0, head.length);
      frame[head.length] = (byte) 0xC0;
      frame[head.length + 1] = (byte) 0xAF;
      frame[head.length + 2] = '"';
      frame[head.length + 3] = '}';
      byte[] closed = new byte[frame.length + 1];
      System.arraycopy(frame, 0, closed, 0, frame.length);
      closed[frame.length] = '}';
      socket.sendRaw(closed);
      JsonObject reply = socket.read();
      assertEquals("malformed_frame", reply.getString("message"), reply::encode);
      assertTrue(reply.getString("reason").contains("overlong"), reply::encode);
    }
  }
}
