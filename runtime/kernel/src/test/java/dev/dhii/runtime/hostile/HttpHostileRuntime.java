package dev.dhii.runtime.hostile;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.testing.TestManifests;
import dev.dhii.runtime.testing.TestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One runtime serving {@link HttpHostileFixture} for a whole hostile test class, and the checks every case shares. */
final class HttpHostileRuntime implements AutoCloseable {

  /** The capabilities of the fixture. */
  static final List<String> CAPABILITIES = List.of("hx.typed", "hx.nested", "hx.echo", "hx.other", "hx.secure", "hx.throw");

  /** The JWT secret of the suite's runtimes. */
  static final String SECRET = "hostile-suite-secret-0123456789abcdef";

  final Vertx vertx;
  final DhiiRuntime runtime;
  final int port;

  HttpHostileRuntime(Path dir, JsonObject overrides) {
    TestManifests.write(dir, "hx", HttpHostileFixture.class, CAPABILITIES,
      new JsonObject().put("resources", new JsonObject().put("maxPayloadBytes", 65536).put("timeoutMs", 5000)));
    JsonObject conf = new JsonObject().put("tcpBridge", new JsonObject().put("enabled", false))
      .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", SECRET)));
    if (overrides != null) {
      conf.mergeIn(overrides, true);
    }
    vertx = Vertx.vertx();
    runtime = TestRuntime.start(vertx, dir, conf);
    port = runtime.httpPort();
  }

  /** The server still answers {@code GET /health/live} with 200, promptly. */
  void assertLive() {
    RawHttp.Answer live = RawHttp.send(port, "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(200, live.status(), "health/live after the case");
    assertTrue(live.millis() < 1000, "health/live took " + live.millis() + " ms");
  }

  /**
   * Checks a typed error body: the status, the error code, a message without Java internals.
   *
   * @param answer the answer
   * @param status the expected status
   * @param code the expected error code
   */
  static void assertTyped(RawHttp.Answer answer, int status, String code) {
    assertEquals(status, answer.status(), () -> "status; body " + answer.text());
    assertTrue(String.valueOf(answer.headers().get("content-type")).startsWith("application/json"), answer.headers()::toString);
    JsonObject error = answer.json().getJsonObject("error");
    assertEquals(code, error.getString("code"), answer::text);
    for (String key : List.of("type", "code", "message", "retryable")) {
      assertTrue(error.containsKey(key), () -> "error body lacks " + key + ": " + answer.text());
    }
    assertClean(error.getString("message"));
  }

  /** @param text a message shown to a caller: no Java class, stack frame or library wording */
  static void assertClean(String text) {
    for (String marker : List.of("java.", "javax.", "io.vertx", "io.netty", "com.fasterxml", "Exception", "jackson",
      "[Source:", "\tat ", "Feature")) {
      assertFalse(text.contains(marker), () -> "leaks '" + marker + "': " + text);
    }
  }

  /** @param text JSON or any text @return its UTF-8 bytes */
  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    runtime.stop().await(20, TimeUnit.SECONDS);
    vertx.close().await(20, TimeUnit.SECONDS);
  }
}
