package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.FrameSocket;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile frames on the TCP event bus bridge: lengths, bad JSON, types, addresses, headers, bodies,
 * publishes, registrations, pings. Each gets its documented answer (a typed error frame, a library code,
 * {@code malformed_frame}, or the reply), later frames on the same connection are still answered (unless
 * the case ends the connection, which it then does at once), and /health/live stays prompt.
 */
class TcpHostileFrameTest {

  static final int MAX_FRAME = 65_536;
  static final String PROC_CALLS = "dhii.proc.hx.0123456789abcdef0123456789abcdef.calls";

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = BridgeHostile.runtime(new JsonObject().put("tcpBridge", new JsonObject()
    .put("maxFrameBytes", MAX_FRAME).put("maxRegistrations", 4)));

  /** What a case expects of the first frame it gets back. */
  enum Expect { PONG, MALFORMED, UNKNOWN_TYPE, MISSING_ADDRESS, MESSAGE, NOTHING, CLOSED_MALFORMED, CLOSED_TOO_LARGE, TYPED }

  static Arguments c(String name, Expect expect, Consumer<FrameSocket> send) {
    return Arguments.of(name, expect, 0, null, send);
  }

  static Arguments typed(String name, int status, String code, Consumer<FrameSocket> send) {
    return Arguments.of(name, Expect.TYPED, status, code, send);
  }

  static JsonObject send(String address, Object headers, Object body) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("replyAddress", "r");
    if (headers != null) {
      frame.put("headers", headers);
    }
    return body == null ? frame : frame.put("body", body);
  }

  static Consumer<FrameSocket> json(JsonObject frame) {
    return socket -> socket.send(frame);
  }

  static Consumer<FrameSocket> raw(String payload) {
    return socket -> socket.sendRaw(payload.getBytes(StandardCharsets.UTF_8));
  }

  static Consumer<FrameSocket> timeout(Object value) {
    return json(send("dhii.cap.hx.echo", new JsonObject().put("dhii-timeout-ms", value), new JsonObject()));
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    // lengths
    for (int length : new int[] {-1, 0, Integer.MIN_VALUE, -65536}) {
      all.add(c("length " + length, Expect.CLOSED_MALFORMED, socket -> socket.sendLength(length)));
    }
    for (int length : new int[] {MAX_FRAME + 1, Integer.MAX_VALUE, 16 * 1024 * 1024, 0x01000000 + 1}) {
      all.add(c("length " + length, Expect.CLOSED_TOO_LARGE, socket -> socket.sendLength(length)));
    }
    all.add(c("length exactly the bound", Expect.MESSAGE, socket -> {
      String head = "{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\",\"replyAddress\":\"r\",\"body\":{\"p\":\"";
      String tail = "\"}}";
      socket.sendRaw((head + "p".repeat(MAX_FRAME - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8));
    }));
    // not JSON objects
    String[] garbage = {"{not json", "[1, 2]", "1", "\"s\"", "null", "true", " ", "{", "{\"type\":\"send\"", "}{", "[]",
      "{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\"}x"};
    for (int i = 0; i < garbage.length; i++) {
      all.add(c("not a JSON object " + i, Expect.MALFORMED, raw(garbage[i])));
    }
    all.add(c("binary garbage", Expect.MALFORMED, socket -> socket.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1})));
    // types
    Object[] types = {"shout", "SEND", "Send", "", 1, true, new JsonArray(), new JsonObject(), "message", "err", "pong", "send "};
    for (Object type : types) {
      all.add(c("type " + type, Expect.UNKNOWN_TYPE, json(new JsonObject().put("type", type).put("address", "dhii.cap.hx.echo"))));
    }
    all.add(c("no type", Expect.UNKNOWN_TYPE, json(new JsonObject().put("address", "dhii.cap.hx.echo"))));
    all.add(c("null type", Expect.UNKNOWN_TYPE, json(new JsonObject().putNull("type").put("address", "dhii.cap.hx.echo"))));
    // addresses
    for (String type : new String[] {"send", "publish", "register", "unregister"}) {
      all.add(c(type + " without address", Expect.MISSING_ADDRESS, json(new JsonObject().put("type", type))));
    }
    for (Object address : new Object[] {42, true, new JsonObject(), new JsonArray(), 1.5}) {
      all.add(c("address " + address, Expect.MALFORMED, json(send("dhii.cap.hx.echo", null, null).put("address", address))));
    }
    for (String address : new String[] {"", "dhii.cap.", "dhii.events", "dhii.node.x.info", "__vertx.reply.1", "dhii.cap.hx.echo\n",
      "dhii.capx", "DHII.CAP.hx.echo", "dhii.proc.hx.notatoken.calls", "dhii.kernel", "r"}) {
      all.add(typed("send to " + address.replace("\n", "\\n"), 403, "FORBIDDEN", json(send(address, null, new JsonObject()))));
    }
    for (String address : new String[] {"dhii.cap.no.such", "dhii.cap.hx", "dhii.cap.hx.echo.x", "dhii.cap." + "c".repeat(2_000)}) {
      all.add(typed("unknown capability " + address.length(), 404, "NOT_FOUND", json(send(address, null, new JsonObject()))));
    }
    all.add(c("send to a process announce address without a reply", Expect.NOTHING,
      json(new JsonObject().put("type", "send").put("address", "dhii.proc.hx.0123456789abcdef0123456789abcdef.announce"))));
    all.add(c("send to a capability without a reply address", Expect.NOTHING,
      json(new JsonObject().put("type", "send").put("address", "dhii.cap.hx.echo").put("body", new JsonObject()))));
    // reply addresses and other fields
    for (Object replyAddress : new Object[] {1, new JsonObject(), new JsonArray(), false}) {
      all.add(c("replyAddress " + replyAddress, Expect.MALFORMED, json(send("dhii.cap.hx.echo", null, null).put("replyAddress", replyAddress))));
    }
    all.add(c("replyAddress long", Expect.MESSAGE, json(send("dhii.cap.hx.echo", null, new JsonObject()).put("replyAddress", "q".repeat(5_000)))));
    all.add(c("message not a string", Expect.MALFORMED, json(send("dhii.cap.hx.echo", null, new JsonObject()).put("message", 5))));
    all.add(c("failureCode a string", Expect.MALFORMED, json(send("dhii.cap.hx.echo", null, new JsonObject()).put("failureCode", "x"))));
    all.add(c("failureCode a fraction", Expect.MALFORMED, json(send("dhii.cap.hx.echo", null, new JsonObject()).put("failureCode", 1.5))));
    // headers
    for (Object headers : new Object[] {"x", new JsonArray(), 1, true}) {
      all.add(c("headers " + headers, Expect.MALFORMED, json(send("dhii.cap.hx.echo", headers, new JsonObject()))));
    }
    all.add(c("header an object", Expect.MALFORMED, json(send("dhii.cap.hx.echo", new JsonObject().put("h", new JsonObject()), new JsonObject()))));
    all.add(c("header an array", Expect.MALFORMED, json(send("dhii.cap.hx.echo", new JsonObject().put("h", new JsonArray()), new JsonObject()))));
    all.add(c("header null", Expect.MALFORMED, json(send("dhii.cap.hx.echo", new JsonObject().putNull("h"), new JsonObject()))));
    for (Object value : new Object[] {"9223372036854775807", 9223372036854775807L, "1000", 1000, " 5000 ", "+2000", "600001", "86400000"}) {
      all.add(c("dhii-timeout-ms " + value + " is clamped", Expect.MESSAGE, timeout(value)));
    }
    for (Object value : new Object[] {"99999999999999999999", "-1", "0", "abc", "1.5", "", "1e3", true, 9.2e18, "-9223372036854775808", "0x10"}) {
      all.add(typed("dhii-timeout-ms " + value, 400, "VALIDATION", timeout(value)));
    }
    all.add(c("forged dhii-payload-bytes", Expect.MESSAGE, json(send("dhii.cap.hx.echo", new JsonObject().put("dhii-payload-bytes", "-5"), new JsonObject()))));
    all.add(c("forged dhii-client", Expect.MESSAGE, json(send("dhii.cap.hx.echo", new JsonObject().put("dhii-client", "10.0.0.1"), new JsonObject()))));
    all.add(c("odd dhii-request-id", Expect.MESSAGE, json(send("dhii.cap.hx.echo", new JsonObject().put("dhii-request-id", "\u0000\u2028" + "i".repeat(1000)), new JsonObject()))));
    all.add(c("garbage traceparent", Expect.MESSAGE, json(send("dhii.cap.hx.echo", new JsonObject().put("traceparent", "00-zz-zz-zz"), new JsonObject()))));
    all.add(c("many headers", Expect.MESSAGE, json(send("dhii.cap.hx.echo", manyHeaders(), new JsonObject()))));
    all.add(typed("forged dhii-user-id", 401, "AUTHENTICATION", json(send("dhii.cap.hx.user", new JsonObject().put("dhii-user-id", "admin"), new JsonObject()))));
    all.add(typed("garbage authorization", 401, "AUTHENTICATION", json(send("dhii.cap.hx.echo", new JsonObject().put("authorization", "Bearer x"), new JsonObject()))));
    all.add(typed("authorization a number", 401, "AUTHENTICATION", json(send("dhii.cap.hx.echo", new JsonObject().put("authorization", 12), new JsonObject()))));
    all.add(c("valid authorization", Expect.MESSAGE, json(send("dhii.cap.hx.user", new JsonObject().put("authorization", BridgeHostile.bearer("tcp-user")), new JsonObject()))));
    // bodies
    all.add(typed("no body", 400, "VALIDATION", json(send("dhii.cap.hx.echo", null, null))));
    for (Object body : new Object[] {"str", new JsonArray(), 1, true}) {
      all.add(typed("body " + body, 400, "VALIDATION", json(send("dhii.cap.hx.echo", null, body))));
    }
    all.add(c("body deeply nested", Expect.MESSAGE, raw("{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\",\"replyAddress\":\"r\",\"body\":{\"a\":"
      + "[".repeat(400) + "]".repeat(400) + "}}")));
    // publish, register, unregister
    for (String address : new String[] {"dhii.cap.hx.echo", "dhii.events", "", "r", PROC_CALLS}) {
      all.add(typed("publish to " + address, 403, "FORBIDDEN", json(new JsonObject().put("type", "publish").put("address", address)
        .put("body", new JsonObject()))));
    }
    for (String address : new String[] {"dhii.events", "dhii.cap.hx.echo", "", "dhii.proc.hx.x.calls", "__vertx.reply.1", "r"}) {
      all.add(typed("register " + address, 403, "FORBIDDEN", json(new JsonObject().put("type", "register").put("address", address))));
    }
    all.add(typed("unregister never registered", 404, "NOT_FOUND", json(new JsonObject().put("type", "unregister").put("address", PROC_CALLS))));
    all.add(typed("unregister a forbidden address", 404, "NOT_FOUND", json(new JsonObject().put("type", "unregister").put("address", "dhii.events"))));
    all.add(typed("registrations past the bound", 503, "OVERLOADED", socket -> {
      for (int i = 0; i < 5; i++) {
        socket.send(new JsonObject().put("type", "register").put("address", "dhii.proc.hx.0123456789abcdef0123456789abcde" + i + ".calls"));
      }
    }));
    all.add(c("register then unregister", Expect.NOTHING, socket -> socket
      .send(new JsonObject().put("type", "register").put("address", PROC_CALLS))
      .send(new JsonObject().put("type", "unregister").put("address", PROC_CALLS))));
    all.add(c("register twice", Expect.NOTHING, socket -> socket
      .send(new JsonObject().put("type", "register").put("address", PROC_CALLS))
      .send(new JsonObject().put("type", "register").put("address", PROC_CALLS))));
    // pings
    all.add(c("ping with an address", Expect.PONG, json(new JsonObject().put("type", "ping").put("address", "dhii.events"))));
    all.add(c("ping with a body and headers", Expect.PONG, json(new JsonObject().put("type", "ping").put("body", new JsonObject())
      .put("headers", new JsonObject().put("a", "b")))));
    all.add(c("many frames in one write", Expect.MESSAGE, socket -> {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < 50; i++) {
        byte[] frame = new JsonObject().put("type", "ping").encode().getBytes(StandardCharsets.UTF_8);
        out.write(frame.length >>> 24);
        out.write(frame.length >>> 16);
        out.write(frame.length >>> 8);
        out.write(frame.length);
        out.writeBytes(frame);
      }
      byte[] request = send("dhii.cap.hx.echo", null, new JsonObject()).encode().getBytes(StandardCharsets.UTF_8);
      out.write(0);
      out.write(0);
      out.write(request.length >>> 8);
      out.write(request.length);
      out.writeBytes(request);
      socket.write(out.toByteArray());
      for (int i = 0; i < 50; i++) {
        assertEquals("pong", socket.read().getString("type"));
      }
    }));
    return all.stream();
  }

  static JsonObject manyHeaders() {
    JsonObject headers = new JsonObject();
    for (int i = 0; i < 500; i++) {
      headers.put("x-h" + i, "v" + i);
    }
    return headers;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aHostileFrameGetsItsDocumentedAnswer(String name, Expect expect, int status, String code, Consumer<FrameSocket> send) {
    try (FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort())) {
      send.accept(socket);
      if (expect == Expect.NOTHING) {
        assertEquals("pong", socket.send(new JsonObject().put("type", "ping")).read().getString("type"), name);
      } else {
        JsonObject frame = socket.read();
        switch (expect) {
          case MALFORMED, CLOSED_MALFORMED -> {
            assertEquals("err", frame.getString("type"), frame.encode());
            assertEquals("malformed_frame", frame.getString("message"), frame.encode());
          }
          case PONG -> assertEquals("pong", frame.getString("type"), frame.encode());
          case UNKNOWN_TYPE -> assertEquals("unknown_type", frame.getString("message"), frame.encode());
          case MISSING_ADDRESS -> assertEquals("missing_address", frame.getString("message"), frame.encode());
          case MESSAGE -> {
            assertEquals("message", frame.getString("type"), frame.encode());
            assertTrue(frame.getString("address").matches("r|q+"), frame.encode());
          }
          case CLOSED_TOO_LARGE -> assertTypedFrame(frame, 413, "PAYLOAD_TOO_LARGE");
          case TYPED -> assertTypedFrame(frame, status, code);
          default -> throw new AssertionError(expect);
        }
      }
      if (expect == Expect.CLOSED_MALFORMED || expect == Expect.CLOSED_TOO_LARGE) {
        assertTrue(socket.closedByServer(), name + ": an impossible length ends the connection");
      } else {
        // a bad frame never silences the later ones
        JsonObject after = socket.send(send("dhii.cap.hx.echo", null, new JsonObject().put("after", name))).read();
        assertEquals(name, after.getJsonObject("body").getString("after"), after.encode());
      }
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  static void assertTypedFrame(JsonObject frame, int status, String code) {
    assertEquals("err", frame.getString("type"), frame.encode());
    assertEquals(status, frame.getInteger("failureCode"), frame.encode());
    BridgeHostile.assertTyped(new JsonObject(frame.getString("message")).getJsonObject("error"), code);
  }

  @Test
  void aClientAnswersOnlyWhatItWasAskedAndOnlyOnce() throws Exception {
    String calls = "dhii.proc.hy.fedcba9876543210fedcba9876543210.calls"; // no other case registers it
    try (FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort())) {
      socket.send(new JsonObject().put("type", "register").put("address", calls));
      assertEquals("pong", socket.send(new JsonObject().put("type", "ping")).read().getString("type"));
      var reply = dhii.vertx().eventBus().<JsonObject>request(calls, new JsonObject().put("q", 1));
      JsonObject call = socket.read();
      String replyAddress = call.getString("replyAddress");
      socket.send(new JsonObject().put("type", "send").put("address", replyAddress).put("body", new JsonObject().put("a", 2)));
      Message<JsonObject> answer = reply.await(5, TimeUnit.SECONDS);
      assertEquals(2, answer.body().getInteger("a"));
      JsonObject again = socket.send(new JsonObject().put("type", "send").put("address", replyAddress).put("replyAddress", "z")
        .put("body", new JsonObject())).read();
      assertTypedFrame(again, 403, "FORBIDDEN");
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void anonymousCallersAreRateLimitedByTheirAddress() {
    try (FrameSocket first = new FrameSocket(dhii.runtime().tcpBridgePort()); FrameSocket second = new FrameSocket(dhii.runtime().tcpBridgePort());
         FrameSocket elsewhere = new FrameSocket(dhii.runtime().tcpBridgePort(), "127.0.0.2")) {
      assertEquals("message", first.send(send("dhii.cap.hx.limited", null, new JsonObject())).read().getString("type"));
      assertEquals("message", second.send(send("dhii.cap.hx.limited", null, new JsonObject())).read().getString("type"));
      JsonObject limited = first.send(send("dhii.cap.hx.limited", new JsonObject().put("dhii-client", "10.9.9.9"), new JsonObject())).read();
      assertTypedFrame(limited, 429, "RATE_LIMITED");
      assertEquals("message", elsewhere.send(send("dhii.cap.hx.limited", null, new JsonObject())).read().getString("type"),
        "another address has its own bucket");
    }
    BridgeHostile.assertLive(dhii.runtime());
  }
}
