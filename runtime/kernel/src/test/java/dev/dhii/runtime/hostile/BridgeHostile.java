package dev.dhii.runtime.hostile;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.auth.Tokens;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the WebSocket, TCP and auth hostile suites share: their runtime and the checks after every case. */
final class BridgeHostile {

  /** How long /health/live may take after a hostile case, here (a loaded build machine; by hand: 100 ms). */
  static final long LIVE_WITHIN_MS = 1_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  /** What must never reach a caller: Java class names, stack frames, library messages. */
  private static final Pattern LEAK = Pattern.compile("java\\.|javax\\.|io\\.vertx|io\\.netty|com\\.fasterxml|Exception"
    + "|\\tat |\\[Source:");

  private BridgeHostile() {
  }

  /**
   * @param overrides configuration over the test defaults (a JWT secret is always set), or null
   * @return a runtime serving the hx capabilities, for the class that registers it
   */
  static DhiiRuntimeExtension runtime(JsonObject overrides) {
    return builder(overrides).build();
  }

  /** @param overrides configuration over the test defaults, or null @return the builder of {@link #runtime} */
  static DhiiRuntimeExtension.Builder builder(JsonObject overrides) {
    JsonObject conf = new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", Tokens.SECRET)));
    if (overrides != null) {
      conf.mergeIn(overrides, true);
    }
    return DhiiRuntimeExtension.builder().conf(conf).started(BridgeHostile::warmUp)
      .plugins(dir -> TestManifests.write(dir, "hx", BridgeHostilePlugin.class, List.of("hx.echo", "hx.user", "hx.limited"), null));
  }

  private static void warmUp(DhiiRuntime runtime) {
    try {
      // the first request of a fresh JVM and runtime is slow for reasons of its own (class loading, JIT)
      HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/health/live"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("the runtime does not answer /health/live", e);
    }
  }

  /** Asserts that {@code GET /health/live} answers 200 within {@link #LIVE_WITHIN_MS}. */
  static void assertLive(DhiiRuntime runtime) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> live = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort()
        + "/health/live")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals(200, live.statusCode(), live.body());
      assertTrue(ms < LIVE_WITHIN_MS, "/health/live took " + ms + " ms");
    } catch (java.io.IOException e) {
      throw new AssertionError("/health/live did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** @param error an error object of DESIGN §7 @param code its expected code */
  static void assertTyped(JsonObject error, String code) {
    assertEquals(code, error.getString("code"), error.encode());
    for (String key : List.of("type", "code", "message", "retryable", "requestId")) {
      assertTrue(error.containsKey(key), key + " missing: " + error.encode());
    }
    assertNoLeak(error.getString("message"));
  }

  /** @param text a message for a caller */
  static void assertNoLeak(String text) {
    assertFalse(text != null && LEAK.matcher(text).find(), "internals reach the caller: " + text);
  }

  /** @param sub the subject @return a valid bearer header */
  static String bearer(String sub) {
    return "Bearer " + Tokens.hs256(Tokens.claims(sub));
  }
}
