package dev.dhii.runtime.resilience;

import io.vertx.core.json.JsonObject;

/**
 * A plugin's retry and circuit breaker settings, the {@code resilience} object of a manifest and of
 * {@code defaults.resilience} in conf/runtime.json ({@link RetryOptions} and {@link BreakerOptions} hold the
 * defaults).
 */
public final class ResilienceOptions {

  private final RetryOptions retry;
  private final BreakerOptions circuitBreaker;

  /**
   * @param json an object with {@code retry} and/or {@code circuitBreaker}; absent keys keep their defaults
   * @throws IllegalArgumentException if a value is out of range
   */
  public ResilienceOptions(JsonObject json) {
    this.retry = new RetryOptions(json.getJsonObject("retry", new JsonObject()));
    this.circuitBreaker = new BreakerOptions(json.getJsonObject("circuitBreaker", new JsonObject()));
  }

  /**
   * @param manifest a manifest's {@code resilience} object
   * @return these settings with the manifest's set over them, key by key
   */
  public ResilienceOptions over(JsonObject manifest) {
    return new ResilienceOptions(toJson().mergeIn(manifest, true));
  }

  /** @return the retry settings (a copy) */
  public RetryOptions retry() {
    return new RetryOptions(retry);
  }

  /** @return the circuit breaker settings (a copy) */
  public BreakerOptions circuitBreaker() {
    return new BreakerOptions(circuitBreaker);
  }

  /** @return the JSON form, with every key */
  public JsonObject toJson() {
    return new JsonObject().put("retry", retry.toJson()).put("circuitBreaker", circuitBreaker.toJson());
  }
}
