package dev.dhii.runtime.resilience;

import io.vertx.core.json.JsonObject;

/**
 * Settings of a {@link PluginBreaker}. The JSON form is the manifest's
 * {@code resilience.circuitBreaker} object (and its default in {@code conf/runtime.json}):
 * <pre>{ "failureRateThreshold": 0.5, "windowSize": 20, "minimumCalls": 10, "resetTimeoutMs": 5000 }</pre>
 * A missing key keeps its default; unknown keys are ignored.
 */
public class BreakerOptions {

  /** Default failure rate that must be exceeded to open the circuit: 0.5 (more than half). */
  public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;
  /** Default number of most recent calls the failure rate is computed over: 20. */
  public static final int DEFAULT_WINDOW_SIZE = 20;
  /** Default number of calls in the window before the circuit may open: 10. */
  public static final int DEFAULT_MINIMUM_CALLS = 10;
  /** Default time an open circuit waits before letting one probe through: 5000 ms. */
  public static final long DEFAULT_RESET_TIMEOUT_MS = 5000;

  private double failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
  private int windowSize = DEFAULT_WINDOW_SIZE;
  private int minimumCalls = DEFAULT_MINIMUM_CALLS;
  private long resetTimeoutMs = DEFAULT_RESET_TIMEOUT_MS;

  /** Options with every default. */
  public BreakerOptions() {
  }

  /** @param other options to copy */
  public BreakerOptions(BreakerOptions other) {
    this.failureRateThreshold = other.failureRateThreshold;
    this.windowSize = other.windowSize;
    this.minimumCalls = other.minimumCalls;
    this.resetTimeoutMs = other.resetTimeoutMs;
  }

  /**
   * @param json a {@code resilience.circuitBreaker} object; absent keys keep their defaults
   * @throws IllegalArgumentException if a value is out of range
   */
  public BreakerOptions(JsonObject json) {
    this();
    Number n;
    if ((n = json.getNumber("failureRateThreshold")) != null) {
      setFailureRateThreshold(n.doubleValue());
    }
    if ((n = json.getNumber("windowSize")) != null) {
      setWindowSize(n.intValue());
    }
    if ((n = json.getNumber("minimumCalls")) != null) {
      setMinimumCalls(n.intValue());
    }
    if ((n = json.getNumber("resetTimeoutMs")) != null) {
      setResetTimeoutMs(n.longValue());
    }
  }

  /** @return the JSON form, with every key */
  public JsonObject toJson() {
    return new JsonObject()
      .put("failureRateThreshold", failureRateThreshold)
      .put("windowSize", windowSize)
      .put("minimumCalls", minimumCalls)
      .put("resetTimeoutMs", resetTimeoutMs);
  }

  /** @return the failure rate that must be exceeded (strictly) to open the circuit */
  public double getFailureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * @param failureRateThreshold a rate in {@code [0, 1]}; 1 never opens
   * @return this
   */
  public BreakerOptions setFailureRateThreshold(double failureRateThreshold) {
    if (!(failureRateThreshold >= 0 && failureRateThreshold <= 1)) {
      throw new IllegalArgumentException("failureRateThreshold must be in [0, 1]: " + failureRateThreshold);
    }
    this.failureRateThreshold = failureRateThreshold;
    return this;
  }

  /** @return the number of most recent calls the failure rate is computed over */
  public int getWindowSize() {
    return windowSize;
  }

  /**
   * @param windowSize at least 1
   * @return this
   */
  public BreakerOptions setWindowSize(int windowSize) {
    if (windowSize < 1) {
      throw new IllegalArgumentException("windowSize must be >= 1: " + windowSize);
    }
    this.windowSize = windowSize;
    return this;
  }

  /** @return the number of calls in the window before the circuit may open */
  public int getMinimumCalls() {
    return minimumCalls;
  }

  /**
   * @param minimumCalls at least 0; a value above {@link #getWindowSize()} acts as the window size
   * @return this
   */
  public BreakerOptions setMinimumCalls(int minimumCalls) {
    if (minimumCalls < 0) {
      throw new IllegalArgumentException("minimumCalls must be >= 0: " + minimumCalls);
    }
    this.minimumCalls = minimumCalls;
    return this;
  }

  /** @return how long an open circuit waits before letting one probe through, in ms */
  public long getResetTimeoutMs() {
    return resetTimeoutMs;
  }

  /**
   * @param resetTimeoutMs at least 1
   * @return this
   */
  public BreakerOptions setResetTimeoutMs(long resetTimeoutMs) {
    if (resetTimeoutMs < 1) {
      throw new IllegalArgumentException("resetTimeoutMs must be >= 1: " + resetTimeoutMs);
    }
    this.resetTimeoutMs = resetTimeoutMs;
    return this;
  }

  @Override
  public String toString() {
    return "BreakerOptions" + toJson().encode();
  }
}
