package dev.dhii.runtime.resilience;

import io.vertx.core.json.JsonObject;

/**
 * Settings of a {@link RetryPolicy}. The JSON form is the manifest's {@code resilience.retry} object
 * (and its default in {@code conf/runtime.json}):
 * <pre>{ "maxRetries": 3, "initialDelayMs": 100, "maxDelayMs": 2000, "jitter": 0.2 }</pre>
 * A missing key keeps its default; unknown keys are ignored.
 */
public class RetryOptions {

  /** Default number of retries after the first attempt: 3. */
  public static final int DEFAULT_MAX_RETRIES = 3;
  /** Default delay before the first retry: 100 ms; it doubles with each retry. */
  public static final long DEFAULT_INITIAL_DELAY_MS = 100;
  /** Default cap of the (un-jittered) delay: 2000 ms. */
  public static final long DEFAULT_MAX_DELAY_MS = 2000;
  /** Default jitter: each delay is spread by up to +/-20%. */
  public static final double DEFAULT_JITTER = 0.2;

  private int maxRetries = DEFAULT_MAX_RETRIES;
  private long initialDelayMs = DEFAULT_INITIAL_DELAY_MS;
  private long maxDelayMs = DEFAULT_MAX_DELAY_MS;
  private double jitter = DEFAULT_JITTER;

  /** Options with every default. */
  public RetryOptions() {
  }

  /** @param other options to copy */
  public RetryOptions(RetryOptions other) {
    this.maxRetries = other.maxRetries;
    this.initialDelayMs = other.initialDelayMs;
    this.maxDelayMs = other.maxDelayMs;
    this.jitter = other.jitter;
  }

  /**
   * @param json a {@code resilience.retry} object; absent keys keep their defaults
   * @throws IllegalArgumentException if a value is out of range
   */
  public RetryOptions(JsonObject json) {
    this();
    Number n;
    if ((n = json.getNumber("maxRetries")) != null) {
      setMaxRetries(n.intValue());
    }
    if ((n = json.getNumber("initialDelayMs")) != null) {
      setInitialDelayMs(n.longValue());
    }
    if ((n = json.getNumber("maxDelayMs")) != null) {
      setMaxDelayMs(n.longValue());
    }
    if ((n = json.getNumber("jitter")) != null) {
      setJitter(n.doubleValue());
    }
  }

  /** @return the JSON form, with every key */
  public JsonObject toJson() {
    return new JsonObject()
      .put("maxRetries", maxRetries)
      .put("initialDelayMs", initialDelayMs)
      .put("maxDelayMs", maxDelayMs)
      .put("jitter", jitter);
  }

  /** @return how many retries may follow the first attempt */
  public int getMaxRetries() {
    return maxRetries;
  }

  /**
   * @param maxRetries at least 0; 0 disables retries
   * @return this
   */
  public RetryOptions setMaxRetries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
    }
    this.maxRetries = maxRetries;
    return this;
  }

  /** @return the delay before the first retry, in ms */
  public long getInitialDelayMs() {
    return initialDelayMs;
  }

  /**
   * @param initialDelayMs at least 0
   * @return this
   */
  public RetryOptions setInitialDelayMs(long initialDelayMs) {
    if (initialDelayMs < 0) {
      throw new IllegalArgumentException("initialDelayMs must be >= 0: " + initialDelayMs);
    }
    this.initialDelayMs = initialDelayMs;
    return this;
  }

  /** @return the cap of the un-jittered delay, in ms */
  public long getMaxDelayMs() {
    return maxDelayMs;
  }

  /**
   * @param maxDelayMs at least 0
   * @return this
   */
  public RetryOptions setMaxDelayMs(long maxDelayMs) {
    if (maxDelayMs < 0) {
      throw new IllegalArgumentException("maxDelayMs must be >= 0: " + maxDelayMs);
    }
    this.maxDelayMs = maxDelayMs;
    return this;
  }

  /** @return the jitter, as a fraction of the delay */
  public double getJitter() {
    return jitter;
  }

  /**
   * @param jitter a fraction in {@code [0, 1]}; 0 gives exact delays
   * @return this
   */
  public RetryOptions setJitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
    }
    this.jitter = jitter;
    return this;
  }

  @Override
  public String toString() {
    return "RetryOptions" + toJson().encode();
  }
}
