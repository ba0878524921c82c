package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the WebSocket bridge, the {@code websocket} object of conf/runtime.json:
 * <pre>{ "maxInFlight": 64, "maxFrameBytes": 1048576, "maxBufferedBytes": 33554432, "maxConnectionsPerAddress": 64,
 *   "idleTimeoutMs": 300000, "messageTimeoutMs": 30000, "maxTopics": 256, "maxTopicLength": 256,
 *   "maxTotalTopics": 65536 }</pre>
 */
public class WebSocketOptions {

  /** Default number of requests one connection may have waiting for their replies: 64. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;
  /** Default size limit of a frame, and of a message assembled from fragments: 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
  /** The smallest frame limit accepted: every method's request must still fit. */
  public static final int MIN_FRAME_BYTES = 256;

  /** Default bytes of fragmented messages in progress over every connection: 32 MiB. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 32L * 1024 * 1024;
  /** Default number of connections open at once from one client address: 64. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
  /** Default time a connection may stay without a frame from its client and no call in flight: 5 minutes. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 300_000;
  /** Default time a fragmented message may take from its first to its last fragment: 30 s. */
  public static final long DEFAULT_MESSAGE_TIMEOUT_MS = 30_000;
  /** Default number of topics one connection may subscribe to: 256. */
  public static final int DEFAULT_MAX_TOPICS = 256;
  /** Default length of a topic, in characters: 256. */
  public static final int DEFAULT_MAX_TOPIC_LENGTH = 256;
  /** Default number of topics subscribed over every connection: 65536. */
  public static final int DEFAULT_MAX_TOTAL_TOPICS = 65_536;

  private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
  private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
  private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
  private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
  private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
  private long messageTimeoutMs = DEFAULT_MESSAGE_TIMEOUT_MS;
  private int maxTopics = DEFAULT_MAX_TOPICS;
  private int maxTopicLength = DEFAULT_MAX_TOPIC_LENGTH;
  private int maxTotalTopics = DEFAULT_MAX_TOTAL_TOPICS;

  /** Options with every default. */
  public WebSocketOptions() {
  }

  /** @param other options to copy */
  public WebSocketOptions(WebSocketOptions other) {
    this.maxInFlight = other.maxInFlight;
    this.maxFrameBytes = other.maxFrameBytes;
    this.maxBufferedBytes = other.maxBufferedBytes;
    this.maxConnectionsPerAddress = other.maxConnectionsPerAddress;
    this.idleTimeoutMs = other.idleTimeoutMs;
    this.messageTimeoutMs = other.messageTimeoutMs;
    this.maxTopics = other.maxTopics;
    this.maxTopicLength = other.maxTopicLength;
    this.maxTotalTopics = other.maxTotalTopics;
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
    if ((n = json.getNumber("maxBufferedBytes")) != null) {
      maxBufferedBytes = positive(n.longValue(), "maxBufferedBytes");
    }
    if ((n = json.getNumber("maxConnectionsPerAddress")) != null) {
      maxConnectionsPerAddress = (int) positive(n.intValue(), "maxConnectionsPerAddress");
    }
    if ((n = json.getNumber("idleTimeoutMs")) != null) {
      setIdleTimeoutMs(n.longValue());
    }
    if ((n = json.getNumber("messageTimeoutMs")) != null) {
      setMessageTimeoutMs(n.longValue());
    }
    if ((n = json.getNumber("maxTopics")) != null) {
      maxTopics = (int) positive(n.intValue(), "maxTopics");
    }
    if ((n = json.getNumber("maxTopicLength")) != null) {
      maxTopicLength = (int) positive(n.intValue(), "maxTopicLength");
    }
    if ((n = json.getNumber("maxTotalTopics")) != null) {
      maxTotalTopics = (int) positive(n.intValue(), "maxTotalTopics");
    }
  }

  private static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException("websocket." + name + " must be > 0: " + value);
    }
    return value;
  }

  /** @return the JSON form, with every key */
  public JsonObject toJson() {
    return new JsonObject().put("maxInFlight", maxInFlight).put("maxFrameBytes", maxFrameBytes)
      .put("maxBufferedBytes", maxBufferedBytes).put("maxConnectionsPerAddress", maxConnectionsPerAddress)
      .put("idleTimeoutMs", idleTimeoutMs).put("messageTimeoutMs", messageTimeoutMs).put("maxTopics", maxTopics)
      .put("maxTopicLength", maxTopicLength).put("maxTotalTopics", maxTotalTopics);
  }

  /** @return the bytes of fragmented messages in progress held at once over every connection */
  public long getMaxBufferedBytes() {
    return maxBufferedBytes;
  }

  /** @return the most connections open at once from one client address */
  public int getMaxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /** @return how long a connection may go without a frame from its client while no call is in flight, in ms */
  public long getIdleTimeoutMs() {
    return idleTimeoutMs;
  }

  /** @param idleTimeoutMs > 0 @return this */
  public WebSocketOptions setIdleTimeoutMs(long idleTimeoutMs) {
    this.idleTimeoutMs = positive(idleTimeoutMs, "idleTimeoutMs");
    return this;
  }

  /** @return how long a fragmented message may take from its first to its last fragment, in ms */
  public long getMessageTimeoutMs() {
    return messageTimeoutMs;
  }

  /** @param messageTimeoutMs > 0 @return this */
  public WebSocketOptions setMessageTimeoutMs(long messageTimeoutMs) {
    this.messageTimeoutMs = positive(messageTimeoutMs, "messageTimeoutMs");
    return this;
  }

  /** @return the most topics one connection may subscribe to */
  public int getMaxTopics() {
    return maxTopics;
  }

  /** @return the longest topic, in characters */
  public int getMaxTopicLength() {
    return maxTopicLength;
  }

  /** @return the most topics subscribed over every connection together */
  public int getMaxTotalTopics() {
    return maxTotalTopics;
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
