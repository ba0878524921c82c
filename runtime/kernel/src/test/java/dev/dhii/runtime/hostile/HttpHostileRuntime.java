package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime serving {@link HttpHostileFixture} for a whole hostile test class, and the checks every case shares. */
final class HttpHostileRuntime {

  /** The capabilities of the fixture. */
  static final List<String> CAPABILITIES = List.of("hx.typed", "hx.nested", "hx.echo", "hx.other", "hx.secure", "hx.throw");

  /** The JWT secret of the suite's runtimes. */
  static final String SECRET = "hostile-suite-secret-0123456789abcdef";

  private HttpHostileRuntime() {
  }

  /**
   * @param overrides configuration over the suite's (no TCP bridge, a JWT secret), or null
   * @return one runtime serving {@link HttpHostileFixture} for the class that registers it
   */
  static DhiiRuntimeExtension.Builder builder(JsonObject overrides) {
    JsonObject conf = new JsonObject().put("tcpBridge", new JsonObject().put("enabled", false))
      .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", SECRET)));
    if (overrides != null) {
      conf.mergeIn(overrides, true);
    }
    return DhiiRuntimeExtension.builder().conf(conf).plugins(dir -> TestManifests.write(dir, "hx", HttpHostileFixture.class,
      CAPABILITIES, new JsonObject().put("resources", new JsonObject().put("maxPayloadBytes", 65536).put("timeoutMs", 5000))));
  }

  /** @param overrides configuration over the suite's, or null @return the extension */
  static DhiiRuntimeExtension runtime(JsonObject overrides) {
    return builder(overrides).build();
  }

  /** @param hx the runtime: the server still answers {@code GET /health/live} with 200, promptly */
  static void assertLive(DhiiRuntimeExtension hx) {
    RawHttp.Answer live = RawHttp.send(hx.httpPort(), "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
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
}
