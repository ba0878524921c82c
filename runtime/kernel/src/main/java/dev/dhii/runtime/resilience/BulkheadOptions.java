package dev.dhii.runtime.resilience;

import io.vertx.core.json.JsonObject;

/**
 * Settings of a {@link Bulkhead}. The JSON form uses the keys of the manifest's {@code resources}
 * object, so that object can be passed as it is (its other keys are ignored):
 * <pre>{ "maxConcurrency": 16, "maxQueue": 64 }</pre>
 */
public class BulkheadOptions {

  /** Default number of calls running at once: 16. */
  public static final int DEFAULT_MAX_CONCURRENCY = 16;
  /** Default number of calls waiting for a slot: 64. */
  public static final int DEFAULT_MAX_QUEUE = 64;

  private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
  private int maxQueue = DEFAULT_MAX_QUEUE;

  /** Options with every default. */
  public BulkheadOptions() {
  }

  /** @param other options to copy */
  public BulkheadOptions(BulkheadOptions other) {
    this.maxConcurrency = other.maxConcurrency;
    this.maxQueue = other.maxQueue;
  }

  /**
   * @param json an object with {@code maxConcurrency} and/or {@code maxQueue}; absent keys keep their defaults
   * @throws IllegalArgumentException if a value is out of range
   */
  public BulkheadOptions(JsonObject json) {
    this();
    Number n;
    if ((n = json.getNumber("maxConcurrency")) != null) {
      setMaxConcurrency(n.intValue());
    }
    if ((n = json.getNumber("maxQueue")) != null) {
      setMaxQueue(n.intValue());
    }
  }

  /** @return the JSON form, with every key */
  public JsonObject toJson() {
    return new JsonObject().put("maxConcurrency", maxConcurrency).put("maxQueue", maxQueue);
  }

  /** @return how many calls may run at once */
  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  /**
   * @param maxConcurrency at least 1
   * @return this
   */
  public BulkheadOptions setMaxConcurrency(int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1: " + maxConcurrency);
    }
    this.maxConcurrency = maxConcurrency;
    return this;
  }

  /** @return how many calls may wait for a slot */
  public int getMaxQueue() {
    return maxQueue;
  }

  /**
   * @param maxQueue at least 0; 0 refuses any call that finds no free slot
   * @return this
   */
  public BulkheadOptions setMaxQueue(int maxQueue) {
    if (maxQueue < 0) {
      throw new IllegalArgumentException("maxQueue must be >= 0: " + maxQueue);
    }
    this.maxQueue = maxQueue;
    return this;
  }

  @Override
  public String toString() {
    return "BulkheadOptions" + toJson().encode();
  }
}
