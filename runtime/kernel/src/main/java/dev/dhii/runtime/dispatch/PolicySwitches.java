package dev.dhii.runtime.dispatch;

import io.vertx.core.json.JsonObject;

/**
 * Which policies the dispatcher applies ({@code "dispatch"} in conf/runtime.json). All are on by
 * default and should stay on; the switches exist to measure what each policy costs ({@code ./dhii bench
 * --policies}).
 *
 * @param breaker the per-plugin circuit breaker
 * @param bulkhead the per-plugin concurrency bound and queue
 * @param retry retries of safe network failures
 * @param rateLimit per-user rate limits
 */
public record PolicySwitches(boolean breaker, boolean bulkhead, boolean retry, boolean rateLimit) {

  /** Every policy on. */
  public static final PolicySwitches ALL = new PolicySwitches(true, true, true, true);

  /** @param json the {@code dispatch} section (missing keys are on) @return the switches */
  public static PolicySwitches fromJson(JsonObject json) {
    JsonObject j = json == null ? new JsonObject() : json;
    return new PolicySwitches(j.getBoolean("breaker", true), j.getBoolean("bulkhead", true), j.getBoolean("retry", true),
      j.getBoolean("rateLimit", true));
  }

  /** @return the JSON form */
  public JsonObject toJson() {
    return new JsonObject().put("breaker", breaker).put("bulkhead", bulkhead).put("retry", retry).put("rateLimit", rateLimit);
  }
}
