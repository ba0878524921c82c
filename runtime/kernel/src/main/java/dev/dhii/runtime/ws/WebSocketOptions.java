package dev.dhii.runtime.ws;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the WebSocket bridge, the {@code websocket} object of conf/runtime.json:
 * <pre>{ "maxInFlight": 64, "maxFrameBytes": 1048576 }</pre>
 */
public class WebSocketOptions {

  /** Default number of requests one connection may have waiting for their replies: 64. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;
  /** Default size limit of a frame, and of a message assembled from fragments: 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
  /** The smallest frame limit accepted: every method's request must still fit. */
  public static final int MIN_FRAME_BYTES = 256;

  private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
  private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;

  /** Options with every default. */
  public WebSocketOptions() {
  }

  /** @param other options to copy */
  public WebSocketOptions(WebSocketOptions other) {
    this.maxInFlight = other.maxInFlight;
    this.maxFrameBytes = other.maxFrameBytes;
  }

  /**
   * @param json an object with {@code maxInFlight} and/or {@code maxFrameBytes}; absent keys keep their defaults
   * @throws IllegalArgumentException if a value is out of range
   */
  public WebSocketOptions(JsonObject json) {
    this();
    Number n;
    if ((n = json.getNumber("maxInFlight")) != null) {
      setMaxInFlight(n.intValue());
    }
    if ((n = json.getNumber("maxFrameBytes")) != null) {
      setMaxFrameBytes(n.intValue());
    }
  }

  /** @return the JSON form, with every key */
  public JsonObject toJson() {
    return new JsonObject().put("maxInFlight", maxInFlight).put("maxFrameBytes", maxFrameBytes);
  }

  /** @return how many requests one connection may have waiting for their replies; more are answered OVERLOADED */
  public int getMaxInFlight() {
    return maxInFlight;
  }

  /**
   * @param maxInFlight at least 1
   * @return this
   */
  public WebSocketOptions setMaxInFlight(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    return this;
  }

  /** @return the largest frame, and the largest message assembled from fragments, in bytes */
  public int getMaxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * @param maxFrameBytes at least {@value #MIN_FRAME_BYTES}
   * @return this
   */
  public WebSocketOptions setMaxFrameBytes(int maxFrameBytes) {
    if (maxFrameBytes < MIN_FRAME_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must be >= " + MIN_FRAME_BYTES + ": " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
    return this;
  }

  @Override
  public String toString() {
    return "WebSocketOptions" + toJson().encode();
  }
}
