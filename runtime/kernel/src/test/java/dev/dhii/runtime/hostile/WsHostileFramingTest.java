package dev.dhii.runtime.hostile;

import dev.dhii.runtime.auth.Tokens;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.dhii.runtime.hostile.RawWebSocket.OP_BINARY;
import static dev.dhii.runtime.hostile.RawWebSocket.OP_CONTINUATION;
import static dev.dhii.runtime.hostile.RawWebSocket.OP_PING;
import static dev.dhii.runtime.hostile.RawWebSocket.OP_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile framing, limits and expiry on {@code /v1/ws}, against a runtime with small bounds: RFC 6455
 * violations close with 1002, invalid UTF-8 with 1007, oversize with 1009, an unfinished message past its
 * deadline with 1008, silence with 1000; the budget of messages in progress, the connections per address
 * and the topics are refused with OVERLOADED (or VALIDATION) and 1013; an expired token fails the next call
 * with AUTHENTICATION and 1008 unless the connection re-authenticated. /health/live stays prompt.
 */
class WsHostileFramingTest {

  static final int MAX_FRAME = 4096;
  static final int BUDGET = 16_384;
  static final int PER_ADDRESS = 24;
  static final long IDLE_MS = 1_500;
  static final long MESSAGE_MS = 800;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = BridgeHostile.runtime(new JsonObject()
    .put("websocket", new JsonObject().put("maxFrameBytes", MAX_FRAME).put("maxBufferedBytes", BUDGET)
      .put("maxConnectionsPerAddress", PER_ADDRESS).put("idleTimeoutMs", IDLE_MS).put("messageTimeoutMs", MESSAGE_MS)
      .put("maxTopics", 8).put("maxTopicLength", 32).put("maxTotalTopics", 20))
    .put("auth", new JsonObject().put("jwt", new JsonObject().put("leewaySeconds", 0))));

  static RawWebSocket open(String authorization) {
    RawWebSocket ws = RawWebSocket.connect(dhii.runtime().httpPort(), authorization);
    assertEquals(101, ws.status);
    return ws;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] request(byte[] inString) {
    byte[] head = utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\",\"x\":\"");
    byte[] tail = utf8("\"}");
    byte[] all = new byte[head.length + inString.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(inString, 0, all, head.length, inString.length);
    System.arraycopy(tail, 0, all, head.length + inString.length, tail.length);
    return all;
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static Arguments c(String name, int status, Consumer<RawWebSocket> send) {
    return Arguments.of(name, status, send);
  }

  static Stream<Arguments> violations() {
    List<Arguments> all = new ArrayList<>();
    byte[] health = utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"}");
    for (int rsv = 1; rsv <= 7; rsv++) {
      int bits = rsv;
      all.add(c("text with RSV bits " + rsv, 1002, ws -> ws.frame(true, bits, OP_TEXT, health)));
    }
    all.add(c("binary with RSV1", 1002, ws -> ws.frame(true, 4, OP_BINARY, health)));
    all.add(c("ping with RSV1", 1002, ws -> ws.frame(true, 4, OP_PING, new byte[0])));
    all.add(c("continuation with RSV1", 1002, ws -> ws.frame(false, 0, OP_TEXT, utf8("{")).synced().frame(true, 4, OP_CONTINUATION, utf8("}"))));
    int[][] badUtf8 = {{0xC0, 0xAF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xFF}, {0xFE},
      {0xC3}, {0xE2, 0x82}, {0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xE0, 0x80, 0xAF}, {0xF0, 0x80, 0x80, 0xAF}, {0xC1, 0xBF}};
    for (int[] bad : badUtf8) {
      all.add(c("invalid UTF-8 " + java.util.Arrays.toString(bad), 1007, ws -> ws.frame(true, 0, OP_TEXT, request(bytes(bad)))));
    }
    all.add(c("invalid UTF-8 across fragments", 1007, ws -> ws.frame(false, 0, OP_TEXT, request(bytes(0xE2))).synced()
      .frame(true, 0, OP_CONTINUATION, bytes(0x28))));
    all.add(c("continuation without a message", 1002, ws -> ws.frame(true, 0, OP_CONTINUATION, health)));
    all.add(c("text inside a fragmented message", 1002, ws -> ws.frame(false, 0, OP_TEXT, utf8("{")).synced().frame(true, 0, OP_TEXT, health)));
    all.add(c("opcode 3", 1002, ws -> ws.frame(true, 0, 3, health)));
    all.add(c("opcode 0xB", 1002, ws -> ws.frame(true, 0, 0xB, new byte[0])));
    all.add(c("fragmented ping", 1002, ws -> ws.frame(false, 0, OP_PING, new byte[0])));
    all.add(c("ping over 125 bytes", 1002, ws -> ws.frame(true, 0, OP_PING, new byte[126])));
    all.add(c("unmasked frame", 1002, ws -> ws.write(new byte[] {(byte) 0x81, 2, '{', '}'})));
    all.add(c("frame over maxFrameBytes", 1009, ws -> ws.frame(true, 0, OP_TEXT, new byte[MAX_FRAME + 1])));
    all.add(c("message over maxFrameBytes in fragments", 1009, ws -> ws.frame(false, 0, OP_TEXT, new byte[2_000])
      .frame(false, 0, OP_CONTINUATION, new byte[2_000]).frame(true, 0, OP_CONTINUATION, new byte[2_000])));
    all.add(c("message never finished", 1008, ws -> ws.frame(false, 0, OP_TEXT, utf8("{\"jsonrpc\":"))));
    all.add(c("silence", 1000, ws -> { }));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void aFramingViolationClosesTheConnectionWithItsStatus(String name, int status, Consumer<RawWebSocket> send) {
    long start = System.currentTimeMillis();
    try (RawWebSocket ws = open(null)) {
      send.accept(ws);
      assertEquals(status, ws.awaitClose(), name);
    }
    assertTrue(System.currentTimeMillis() - start < 4_000, name + " took too long to close");
    BridgeHostile.assertLive(dhii.runtime());
  }

  static Stream<Arguments> accepted() {
    String health = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\",\"x\":\"";
    return Stream.of(
      Arguments.of("valid UTF-8 split inside a character", (Consumer<RawWebSocket>) ws -> ws
        .frame(false, 0, OP_TEXT, concat(utf8(health), bytes(0xE2, 0x82))).frame(true, 0, OP_CONTINUATION, concat(bytes(0xAC),
          utf8("\"}")))),
      Arguments.of("many small fragments", (Consumer<RawWebSocket>) ws -> {
        byte[] all = utf8(health + "y".repeat(200) + "\"}");
        for (int i = 0; i < all.length; i += 10) {
          ws.frame(i + 10 >= all.length, 0, i == 0 ? OP_TEXT : OP_CONTINUATION,
            java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 10)));
        }
      }),
      Arguments.of("a ping between fragments", (Consumer<RawWebSocket>) ws -> ws.frame(false, 0, OP_TEXT, utf8(health))
        .frame(true, 0, OP_PING, utf8("p")).frame(true, 0, OP_CONTINUATION, utf8("\"}"))),
      Arguments.of("empty fragments", (Consumer<RawWebSocket>) ws -> ws.frame(false, 0, OP_TEXT, new byte[0])
        .frame(false, 0, OP_CONTINUATION, utf8(health + "\"}")).frame(true, 0, OP_CONTINUATION, new byte[0])),
      Arguments.of("a message of exactly maxFrameBytes", (Consumer<RawWebSocket>) ws -> {
        byte[] head = utf8(health);
        byte[] tail = utf8("\"}");
        byte[] all = new byte[MAX_FRAME];
        java.util.Arrays.fill(all, (byte) 'z');
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, all.length - tail.length, tail.length);
        ws.frame(false, 0, OP_TEXT, java.util.Arrays.copyOfRange(all, 0, 3000))
          .frame(true, 0, OP_CONTINUATION, java.util.Arrays.copyOfRange(all, 3000, all.length));
      }));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void anOddButValidMessageIsAnswered(String name, Consumer<RawWebSocket> send) {
    try (RawWebSocket ws = open(null)) {
      send.accept(ws);
      JsonObject reply = (JsonObject) ws.json();
      assertEquals(1, reply.getInteger("id"), reply.encode());
      assertTrue(reply.containsKey("result"), reply.encode());
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void unfinishedMessagesPastTheBudgetAreRefusedWithOverloaded() {
    List<RawWebSocket> holding = new ArrayList<>();
    try {
      int each = 3_500;
      for (int i = 0; i < BUDGET / each; i++) {
        RawWebSocket ws = open(null);
        holding.add(ws);
        ws.frame(false, 0, OP_TEXT, new byte[each]);
        // the same connection answers nothing until its message completes; a ping proves the frame arrived
        ws.frame(true, 0, OP_PING, utf8("p" + i));
        assertEquals(0xA, ws.read().opcode());
      }
      try (RawWebSocket refused = open(null)) {
        refused.frame(false, 0, OP_TEXT, new byte[each]);
        JsonObject error = ((JsonObject) refused.json()).getJsonObject("error");
        assertEquals(-32054, error.getInteger("code"), error.encode());
        BridgeHostile.assertTyped(error.getJsonObject("data"), "OVERLOADED");
        assertEquals(1013, refused.awaitClose());
      }
      BridgeHostile.assertLive(dhii.runtime());
    } finally {
      holding.forEach(RawWebSocket::close);
    }
    // released with their connections: a fragmented message fits again
    assertAnswersAFragmentedMessage();
  }

  static void assertAnswersAFragmentedMessage() {
    long deadline = System.currentTimeMillis() + 5_000;
    while (true) {
      try (RawWebSocket ws = open(null)) {
        ws.frame(false, 0, OP_TEXT, utf8("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"health\",\"x\":\"" + "w".repeat(3_000)))
          .frame(true, 0, OP_CONTINUATION, utf8("\"}"));
        JsonObject reply = (JsonObject) ws.json();
        if (reply.containsKey("result") || System.currentTimeMillis() > deadline) {
          assertEquals(7, reply.getInteger("id"), reply.encode());
          return;
        }
      }
    }
  }

  @Test
  void connectionsPastThePerAddressBoundAreRefusedWithOverloaded() {
    List<RawWebSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < PER_ADDRESS; i++) {
        RawWebSocket ws = open(null);
        open.add(ws);
        ws.text("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"capabilities.list\"}");
        assertEquals(i, ((JsonObject) ws.json()).getInteger("id"));
      }
      try (RawWebSocket refused = open(null)) {
        JsonObject error = ((JsonObject) refused.json()).getJsonObject("error");
        BridgeHostile.assertTyped(error.getJsonObject("data"), "OVERLOADED");
        assertEquals(1013, refused.awaitClose());
      }
      BridgeHostile.assertLive(dhii.runtime());
    } finally {
      open.forEach(RawWebSocket::close);
    }
  }

  static JsonObject call(RawWebSocket ws, int id, String method, String params) {
    ws.text("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
    while (true) {
      JsonObject reply = (JsonObject) ws.json();
      if (Integer.valueOf(id).equals(reply.getValue("id"))) {
        return reply;
      }
    }
  }

  @Test
  void topicsAreBoundedPerConnectionInLengthAndInTotal() {
    try (RawWebSocket a = open(null); RawWebSocket b = open(null); RawWebSocket c = open(null)) {
      assertEquals(-32602, call(a, 1, "subscribe", "{\"topics\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]}")
        .getJsonObject("error").getInteger("code"));
      assertEquals(-32602, call(a, 2, "subscribe", "{\"topics\":[\"" + "t".repeat(33) + "\"]}").getJsonObject("error").getInteger("code"));
      String eight = "{\"topics\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\"]}";
      assertEquals(8, call(a, 3, "subscribe", eight).getJsonObject("result").getJsonArray("topics").size());
      assertEquals(8, call(b, 4, "subscribe", eight).getJsonObject("result").getJsonArray("topics").size());
      JsonObject refused = call(c, 5, "subscribe", eight).getJsonObject("error");
      assertEquals(-32054, refused.getInteger("code"), refused.encode());
      BridgeHostile.assertTyped(refused.getJsonObject("data"), "OVERLOADED");
      assertEquals(0, call(b, 6, "unsubscribe", "{}").getJsonObject("result").getJsonArray("topics").size());
      assertEquals(8, call(c, 7, "subscribe", eight).getJsonObject("result").getJsonArray("topics").size());
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  static String tokenExpiringIn(long seconds) {
    long now = System.currentTimeMillis() / 1000;
    return "Bearer " + Tokens.hs256(Tokens.claims("alice").put("exp", now + seconds));
  }

  static void awaitPast(long epochSeconds) {
    while (System.currentTimeMillis() <= epochSeconds * 1000 + 50) {
      Thread.onSpinWait();
      try {
        Thread.sleep(20); // waiting for the clock itself, not for another thread
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void aCallAfterTheTokenExpiredFailsAndClosesWith1008() {
    long exp = System.currentTimeMillis() / 1000 + 1;
    try (RawWebSocket ws = open(tokenExpiringIn(1))) {
      assertEquals("alice", call(ws, 1, "invoke", "{\"capability\":\"hx.user\"}").getJsonObject("result").getString("userId"));
      awaitPast(exp);
      JsonObject error = call(ws, 2, "invoke", "{\"capability\":\"hx.echo\"}").getJsonObject("error");
      assertEquals(-32001, error.getInteger("code"), error.encode());
      BridgeHostile.assertTyped(error.getJsonObject("data"), "AUTHENTICATION");
      assertEquals(1008, ws.awaitClose());
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void aBatchAfterTheTokenExpiredFailsEveryCallAndCloses() {
    long exp = System.currentTimeMillis() / 1000 + 1;
    try (RawWebSocket ws = open(tokenExpiringIn(1))) {
      awaitPast(exp);
      ws.text("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"cancel\",\"params\":{\"id\":1}}]");
      io.vertx.core.json.JsonArray replies = (io.vertx.core.json.JsonArray) ws.json();
      assertEquals(2, replies.size());
      replies.forEach(r -> assertEquals(-32001, ((JsonObject) r).getJsonObject("error").getInteger("code")));
      assertEquals(1008, ws.awaitClose());
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void reAuthenticatingBeforeExpiryKeepsTheConnection() {
    long exp = System.currentTimeMillis() / 1000 + 1;
    try (RawWebSocket ws = open(tokenExpiringIn(1))) {
      assertEquals("bob", call(ws, 1, "auth", "{\"token\":\"" + Tokens.hs256(Tokens.claims("bob")) + "\"}")
        .getJsonObject("result").getString("userId"));
      awaitPast(exp);
      assertEquals("bob", call(ws, 2, "invoke", "{\"capability\":\"hx.user\"}").getJsonObject("result").getString("userId"));
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void authWithAFreshTokenAfterExpiryIsStillAccepted() {
    long exp = System.currentTimeMillis() / 1000 + 1;
    try (RawWebSocket ws = open(tokenExpiringIn(1))) {
      awaitPast(exp);
      assertEquals("carol", call(ws, 1, "auth", "{\"token\":\"" + Tokens.hs256(Tokens.claims("carol")) + "\"}")
        .getJsonObject("result").getString("userId"));
      assertEquals("carol", call(ws, 2, "invoke", "{\"capability\":\"hx.user\"}").getJsonObject("result").getString("userId"));
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void anExpiredTokenOnTheUpgradeIsRefused() {
    try (RawWebSocket ws = RawWebSocket.connect(dhii.runtime().httpPort(), tokenExpiringIn(-10))) {
      assertEquals(401, ws.status);
    }
    BridgeHostile.assertLive(dhii.runtime());
  }
}
