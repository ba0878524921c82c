package dev.dhii.runtime.tcp;

import io.vertx.core.json.JsonObject;

/** Settings of the TCP event bus bridge ({@code tcpBridge} in conf/runtime.json). */
public class TcpBridgeOptions {

  /** Loopback only, by default. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The bridge's default port. */
  public static final int DEFAULT_PORT = 7000;
  /** The largest frame accepted (16 MiB). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
  /** The deadline assumed for a request whose frame sets no {@code dhii-timeout-ms}. */
  public static final long DEFAULT_TIMEOUT_MS = 30_000;
  /** How much longer than a request's deadline the bridge waits for the answer. */
  public static final long DEFAULT_REPLY_GRACE_MS = 2_000;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
  private long defaultTimeoutMs = DEFAULT_TIMEOUT_MS;
  private long replyGraceMs = DEFAULT_REPLY_GRACE_MS;

  /** The defaults. */
  public TcpBridgeOptions() {
  }

  /** @param other options to copy */
  public TcpBridgeOptions(TcpBridgeOptions other) {
    this.host = other.host;
    this.port = other.port;
    this.maxFrameBytes = other.maxFrameBytes;
    this.defaultTimeoutMs = other.defaultTimeoutMs;
    this.replyGraceMs = other.replyGraceMs;
  }

  /** @param json {@code host}, {@code port}, {@code maxFrameBytes}, {@code defaultTimeoutMs}, {@code replyGraceMs} */
  public TcpBridgeOptions(JsonObject json) {
    setHost(json.getString("host", DEFAULT_HOST));
    setPort(json.getInteger("port", DEFAULT_PORT));
    setMaxFrameBytes(json.getInteger("maxFrameBytes", DEFAULT_MAX_FRAME_BYTES));
    setDefaultTimeoutMs(json.getLong("defaultTimeoutMs", DEFAULT_TIMEOUT_MS));
    setReplyGraceMs(json.getLong("replyGraceMs", DEFAULT_REPLY_GRACE_MS));
  }

  /** @return the bind address */
  public String getHost() {
    return host;
  }

  /** @param host the bind address @return this */
  public TcpBridgeOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    this.host = host;
    return this;
  }

  /** @return the port (0: any free port) */
  public int getPort() {
    return port;
  }

  /** @param port the port, 0-65535 (0: any free port) @return this */
  public TcpBridgeOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535: " + port);
    }
    this.port = port;
    return this;
  }

  /** @return the largest frame accepted, in bytes */
  public int getMaxFrameBytes() {
    return maxFrameBytes;
  }

  /** @param maxFrameBytes the largest frame accepted (a larger one closes its connection), > 0 @return this */
  public TcpBridgeOptions setMaxFrameBytes(int maxFrameBytes) {
    if (maxFrameBytes <= 0) {
      throw new IllegalArgumentException("maxFrameBytes must be > 0: " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
    return this;
  }

  /** @return the deadline assumed for a request that sets none, in milliseconds */
  public long getDefaultTimeoutMs() {
    return defaultTimeoutMs;
  }

  /** @param defaultTimeoutMs the deadline assumed for a request that sets none, > 0 @return this */
  public TcpBridgeOptions setDefaultTimeoutMs(long defaultTimeoutMs) {
    if (defaultTimeoutMs <= 0) {
      throw new IllegalArgumentException("defaultTimeoutMs must be > 0: " + defaultTimeoutMs);
    }
    this.defaultTimeoutMs = defaultTimeoutMs;
    return this;
  }

  /** @return how much longer than a request's deadline the bridge waits, in milliseconds */
  public long getReplyGraceMs() {
    return replyGraceMs;
  }

  /** @param replyGraceMs how much longer than a request's deadline the bridge waits, >= 0 @return this */
  public TcpBridgeOptions setReplyGraceMs(long replyGraceMs) {
    if (replyGraceMs < 0) {
      throw new IllegalArgumentException("replyGraceMs must be >= 0: " + replyGraceMs);
    }
    this.replyGraceMs = replyGraceMs;
    return this;
  }

  /** @return these options as JSON */
  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("maxFrameBytes", maxFrameBytes)
      .put("defaultTimeoutMs", defaultTimeoutMs).put("replyGraceMs", replyGraceMs);
  }
}
