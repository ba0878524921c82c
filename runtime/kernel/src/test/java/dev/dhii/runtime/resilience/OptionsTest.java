package dev.dhii.runtime.resilience;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptionsTest {

  private static final JsonObject MANIFEST_RESILIENCE = new JsonObject("""
    { "retry": { "maxRetries": 2, "initialDelayMs": 50, "maxDelayMs": 400 },
      "circuitBreaker": { "failureRateThreshold": 0.25, "windowSize": 40,
                          "minimumCalls": 5, "resetTimeoutMs": 1000 } }""");

  @Test
  void breakerOptionsReadTheManifestObjectAndKeepDefaultsForMissingKeys() {
    BreakerOptions options = new BreakerOptions(MANIFEST_RESILIENCE.getJsonObject("circuitBreaker"));
    assertEquals(0.25, options.getFailureRateThreshold());
    assertEquals(40, options.getWindowSize());
    assertEquals(5, options.getMinimumCalls());
    assertEquals(1000, options.getResetTimeoutMs());

    BreakerOptions partial = new BreakerOptions(new JsonObject().put("windowSize", 8));
    assertEquals(8, partial.getWindowSize());
    assertEquals(BreakerOptions.DEFAULT_MINIMUM_CALLS, partial.getMinimumCalls());
    assertEquals(BreakerOptions.DEFAULT_RESET_TIMEOUT_MS, partial.getResetTimeoutMs());
  }

  @Test
  void breakerOptionsRoundTripThroughJsonAndCopy() {
    BreakerOptions options = new BreakerOptions().setFailureRateThreshold(0.75).setWindowSize(7)
      .setMinimumCalls(3).setResetTimeoutMs(10);
    assertEquals(options.toJson(), new BreakerOptions(options.toJson()).toJson());
    assertEquals(options.toJson(), new BreakerOptions(options).toJson());
    assertEquals(new JsonObject().put("failureRateThreshold", 0.5).put("windowSize", 20)
      .put("minimumCalls", 10).put("resetTimeoutMs", 5000L), new BreakerOptions().toJson());
  }

  @Test
  void breakerOptionsRejectOutOfRangeValues() {
    BreakerOptions options = new BreakerOptions();
    assertThrows(IllegalArgumentException.class, () -> options.setFailureRateThreshold(-0.1));
    assertThrows(IllegalArgumentException.class, () -> options.setFailureRateThreshold(1.1));
    assertThrows(IllegalArgumentException.class, () -> options.setWindowSize(0));
    assertThrows(IllegalArgumentException.class, () -> options.setMinimumCalls(-1));
    assertThrows(IllegalArgumentException.class, () -> options.setResetTimeoutMs(0));
    assertThrows(IllegalArgumentException.class,
      () -> new BreakerOptions(new JsonObject().put("resetTimeoutMs", -1)));
  }

  @Test
  void retryOptionsReadTheManifestObjectAndKeepDefaultsForMissingKeys() {
    RetryOptions options = new RetryOptions(MANIFEST_RESILIENCE.getJsonObject("retry"));
    assertEquals(2, options.getMaxRetries());
    assertEquals(50, options.getInitialDelayMs());
    assertEquals(400, options.getMaxDelayMs());
    assertEquals(RetryOptions.DEFAULT_JITTER, options.getJitter());
    assertEquals(options.toJson(), new RetryOptions(options.toJson()).toJson());
    assertEquals(options.toJson(), new RetryOptions(options).toJson());
  }

  @Test
  void retryOptionsRejectOutOfRangeValues() {
    RetryOptions options = new RetryOptions();
    assertThrows(IllegalArgumentException.class, () -> options.setMaxRetries(-1));
    assertThrows(IllegalArgumentException.class, () -> options.setInitialDelayMs(-1));
    assertThrows(IllegalArgumentException.class, () -> options.setMaxDelayMs(-1));
    assertThrows(IllegalArgumentException.class, () -> options.setJitter(1.5));
    assertThrows(IllegalArgumentException.class, () -> options.setJitter(Double.NaN));
  }

  @Test
  void bulkheadOptionsReadTheManifestResourcesObject() {
    JsonObject resources = new JsonObject("""
      { "workerPoolSize": 4, "maxConcurrency": 8, "maxQueue": 32, "timeoutMs": 30000 }""");
    BulkheadOptions options = new BulkheadOptions(resources);
    assertEquals(8, options.getMaxConcurrency());
    assertEquals(32, options.getMaxQueue());
    assertEquals(new JsonObject().put("maxConcurrency", 8).put("maxQueue", 32), options.toJson());
    assertEquals(options.toJson(), new BulkheadOptions(options).toJson());
    assertEquals(BulkheadOptions.DEFAULT_MAX_QUEUE, new BulkheadOptions(new JsonObject()).getMaxQueue());
  }

  @Test
  void bulkheadOptionsRejectOutOfRangeValues() {
    assertThrows(IllegalArgumentException.class, () -> new BulkheadOptions().setMaxConcurrency(0));
    assertThrows(IllegalArgumentException.class, () -> new BulkheadOptions().setMaxQueue(-1));
  }
}
