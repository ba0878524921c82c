package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.RpcClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.dhii.runtime.hostile.HttpHostileRuntime.assertClean;
import static dev.dhii.runtime.hostile.HttpHostileRuntime.assertTyped;
import static dev.dhii.runtime.hostile.HttpHostileRuntime.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounds of the HTTP edge with small limits (1 MiB bodies, a 3 MiB buffering budget, sub-second timeouts, 24
 * connections per address): oversize bodies refused from the headers, a spent budget answered OVERLOADED before
 * anything is buffered, half-open and trickling requests closed, idle keep-alive connections closed, connection
 * bounds; and the typed answers of wrong field types and of a plugin that throws.
 */
class HttpHostileLimitsTest {

  static final int MIB = 1024 * 1024;

  @RegisterExtension
  static final DhiiRuntimeExtension hx = HttpHostileRuntime.runtime(new JsonObject()
      .put("http", new JsonObject().put("maxBodyBytes", MIB))
      .put("limits", new JsonObject().put("bufferedBytes", 3 * MIB))
      .put("httpServer", new JsonObject().put("headerTimeoutMs", 700).put("bodyIdleTimeoutMs", 700)
        .put("bodyTimeoutMs", 2500).put("maxConnectionsPerAddress", 24)));

  private static Socket open() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", hx.httpPort()), 2000);
    s.setSoTimeout(4000);
    return s;
  }

  private static String head(long length) {
    return "POST /v1/capabilities/hx.echo/invoke HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
      + length + "\r\n\r\n";
  }

  /** @return whether the server closed the socket (end of stream) within its read timeout */
  private static boolean closedByServer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      while (true) {
        int b = in.read();
        if (b == -1) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void aDeclaredBodyOverTheBoundIsRefusedFromTheHeaders() throws IOException {
    try (Socket s = open()) {
      s.getOutputStream().write(head(MIB + 1).getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Answer answer = RawHttp.read(s.getInputStream(), System.nanoTime());
      assertTyped(answer, 413, "PAYLOAD_TOO_LARGE");
      assertTrue(answer.millis() < 1000, answer.millis() + " ms");
    }
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void aStreamedBodyOverTheBoundIsRefused() throws IOException {
    try (Socket s = open()) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/capabilities/hx.echo/invoke HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[64 * 1024];
      try {
        for (int i = 0; i < 20; i++) {
          out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
      } catch (IOException closed) {
        // refused before everything was sent
      }
      assertTyped(RawHttp.read(s.getInputStream(), System.nanoTime()), 413, "PAYLOAD_TOO_LARGE");
    }
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void aSpentBudgetIsOverloadedBeforeBufferingAndComesBack() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = open();
        s.getOutputStream().write(head(MIB).getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().write(new byte[MIB / 2]);
        stalled.add(s);
      }
      Await.until(() -> hx.runtime().bufferedBytes().used() >= 3L * MIB, Duration.ofMillis(2000), "the stalled bodies hold their bytes");
      assertEquals(3L * MIB, hx.runtime().bufferedBytes().used());
      RawHttp.Answer refused = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/hx.echo/invoke",
        "application/json", utf8("{\"a\":1}")));
      assertTyped(refused, 503, "OVERLOADED");
      assertNotNull(refused.headers().get("retry-after"));
      HttpHostileRuntime.assertLive(hx);
      // the stalled bodies time out (408) and give their bytes back
      for (Socket s : stalled) {
        assertTyped(RawHttp.read(s.getInputStream(), System.nanoTime()), 408, "TIMEOUT");
      }
      Await.until(() -> hx.runtime().bufferedBytes().used() == 0, Duration.ofMillis(2000), "every buffered byte is given back");
      assertEquals(0, hx.runtime().bufferedBytes().used());
      RawHttp.Answer ok = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/hx.echo/invoke",
        "application/json", utf8("{\"a\":1}")));
      assertEquals(200, ok.status(), ok::text);
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void aTricklingHeaderIsClosedAtTheHeaderDeadline() throws Exception {
    try (Socket s = open()) {
      OutputStream out = s.getOutputStream();
      long start = System.nanoTime();
      boolean closed = false;
      byte[] partial = "POST /v1/capabilities/hx.echo/invoke HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);
      out.write(partial);
      s.setSoTimeout(200);
      for (int i = 0; i < 20 && !closed; i++) {
        try {
          out.write('a');
          closed = s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
          // still open
        } catch (IOException e) {
          closed = true;
        }
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(closed, "still open after " + ms + " ms");
      assertTrue(ms < 2000, ms + " ms");
    }
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws Exception {
    try (Socket s = open()) {
      s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertEquals(200, RawHttp.read(s.getInputStream(), System.nanoTime()).status());
      long start = System.nanoTime();
      assertTrue(closedByServer(s));
      assertTrue((System.nanoTime() - start) / 1_000_000 < 2500);
    }
  }

  @Test
  void aHalfOpenConnectionWithNothingSentIsClosed() throws Exception {
    try (Socket s = open()) {
      long start = System.nanoTime();
      assertTrue(closedByServer(s));
      assertTrue((System.nanoTime() - start) / 1_000_000 < 2500);
    }
  }

  @Test
  void connectionsPastThePerAddressBoundAreClosedAtOnce() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 24; i++) {
        held.add(open());
      }
      long deadline = System.currentTimeMillis() + 2000;
      boolean refused = false;
      while (!refused && System.currentTimeMillis() < deadline) {
        try (Socket extra = open()) {
          extra.setSoTimeout(500);
          refused = closedByServer(extra);
        }
      }
      assertTrue(refused, "a connection past the bound was kept");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    long deadline = System.currentTimeMillis() + 3000;
    RawHttp.Answer live;
    do {
      live = RawHttp.send(hx.httpPort(), "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    } while (live.status() != 200 && System.currentTimeMillis() < deadline);
    assertEquals(200, live.status());
  }

  @Test
  void closedWebSocketsGiveTheirConnectionBack() {
    for (int i = 0; i < 40; i++) {
      try (RpcClient ws = RpcClient.connect(hx.vertx(), hx.httpPort(), null)) {
        assertTrue(ws.call(1, "health", null).containsKey("result"));
      }
    }
    Await.until(() -> hx.runtime().httpEdge().openConnections() == 0, Duration.ofMillis(3000), "every connection is counted closed");
    assertEquals(0, hx.runtime().httpEdge().openConnections());
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void anUpgradedWebSocketOutlivesTheHeaderDeadline() throws Exception {
    try (RpcClient ws = RpcClient.connect(hx.vertx(), hx.httpPort(), null)) {
      Thread.sleep(1200); // past the 700 ms header deadline: an upgraded connection is not subject to it
      assertTrue(ws.call(1, "health", null).containsKey("result"));
    }
  }

  /** Wrong types and out-of-range values for each field of {@code hx.typed} and {@code hx.nested}. */
  static List<Arguments> wrongTypes() {
    JsonObject good = new JsonObject().put("name", "n").put("count", 1).put("big", 2L).put("ratio", 0.5).put("flag", true);
    List<Arguments> c = new ArrayList<>();
    Object[][] wrong = {
      {"name", 5}, {"name", true}, {"name", new JsonObject()}, {"name", new io.vertx.core.json.JsonArray()},
      {"count", "1"}, {"count", 1.5}, {"count", true}, {"count", new JsonObject()}, {"count", 3_000_000_000L},
      {"count", -3_000_000_000L}, {"count", new java.math.BigInteger("99999999999999999999")},
      {"big", "x"}, {"big", 1.25}, {"big", false}, {"big", new java.math.BigInteger("99999999999999999999")},
      {"big", new io.vertx.core.json.JsonArray().add(1)},
      {"ratio", "0.5"}, {"ratio", true}, {"ratio", new JsonObject()},
      {"flag", "true"}, {"flag", 1}, {"flag", new io.vertx.core.json.JsonArray()}};
    for (Object[] w : wrong) {
      c.add(Arguments.of("hx.typed", good.copy().put((String) w[0], w[1]).encode(), "/" + w[0]));
    }
    for (String field : List.of("name", "count", "big", "ratio", "flag")) {
      JsonObject missing = good.copy();
      missing.remove(field);
      c.add(Arguments.of("hx.typed", missing.encode(), null));
      c.add(Arguments.of("hx.typed", good.copy().putNull(field).encode(), null));
    }
    JsonObject inner = new JsonObject().put("level", 1).put("tag", "t");
    c.add(Arguments.of("hx.nested", new JsonObject().put("inner", "x").put("values", new io.vertx.core.json.JsonArray()).encode(), "/inner"));
    c.add(Arguments.of("hx.nested", new JsonObject().put("inner", inner.copy().put("level", "one"))
      .put("values", new io.vertx.core.json.JsonArray()).encode(), "/inner/level"));
    c.add(Arguments.of("hx.nested", new JsonObject().put("inner", inner.copy().put("level", 3_000_000_000L))
      .put("values", new io.vertx.core.json.JsonArray()).encode(), "/inner/level"));
    c.add(Arguments.of("hx.nested", new JsonObject().put("inner", inner)
      .put("values", new io.vertx.core.json.JsonArray().add(1).add("two")).encode(), "/values/1"));
    c.add(Arguments.of("hx.nested", new JsonObject().put("inner", inner)
      .put("values", new io.vertx.core.json.JsonArray().add(1).add(5_000_000_000L)).encode(), "/values/1"));
    c.add(Arguments.of("hx.nested", new JsonObject().put("inner", inner).put("values", "1,2").encode(), "/values"));
    return c;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongTypes")
  void wrongTypesAreValidationErrorsWithAPointer(String capability, String body, String pointer) {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/" + capability + "/invoke",
      "application/json", utf8(body)));
    assertTyped(answer, 400, "VALIDATION");
    if (pointer != null) {
      var violations = answer.json().getJsonObject("error").getJsonObject("details").getJsonArray("violations");
      boolean named = false;
      for (int i = 0; i < violations.size(); i++) {
        named |= pointer.equals(violations.getJsonObject(i).getString("pointer"));
      }
      assertTrue(named, answer::text);
    }
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void aPluginThatThrowsIsAPlainInternalError() {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/hx.throw/invoke",
      "application/json", utf8("{}"), "X-Request-Id: thrower-1"));
    assertTyped(answer, 500, "INTERNAL");
    assertEquals("The plugin failed", answer.message());
    assertEquals("thrower-1", answer.json().getJsonObject("error").getString("requestId"));
    assertEquals("hx", answer.json().getJsonObject("error").getString("pluginId"));
    RawHttp.Answer v1 = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/kernel/capabilities/execute", "application/json",
      utf8("{\"capability_id\":\"hx.throw\",\"parameters\":{}}")));
    assertClean(v1.json().getString("error"));
    HttpHostileRuntime.assertLive(hx);
  }
}
