package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

/** Settings of the TCP event bus bridge ({@code tcpBridge} in conf/runtime.json). */
public class TcpBridgeOptions {

  /** The bridge runs by default. */
  public static final boolean DEFAULT_ENABLED = true;
  /** Loopback only, by default. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The bridge's default port. */
  public static final int DEFAULT_PORT = 7000;
  /** The largest frame accepted (4 MiB: a few of them in progress at once fit the default 128 MiB heap). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;
  /** The bytes of frames in progress held at once, over every connection (16 MiB). */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 16L * 1024 * 1024;
  /** The most connections open at once. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  /** The most connections open at once from one client address. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 128;
  /** How long a connection may stay without a frame in either direction (process plugins ping every 20 s). */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 60_000;
  /** How long a frame, once begun, may take to arrive whole. */
  public static final long DEFAULT_FRAME_TIMEOUT_MS = 30_000;
  /** How long a new connection (after its TLS handshake) may take to send its first whole frame. */
  public static final long DEFAULT_FIRST_FRAME_TIMEOUT_MS = 10_000;
  /** The longest {@code dhii-timeout-ms} the bridge waits for (a larger one is clamped to it). */
  public static final long DEFAULT_MAX_TIMEOUT_MS = 600_000;
  /** The most addresses one connection may have registered at once. */
  public static final int DEFAULT_MAX_REGISTRATIONS = 32;
  /** The deadline assumed for a request whose frame sets no {@code dhii-timeout-ms}. */
  public static final long DEFAULT_TIMEOUT_MS = 30_000;
  /** How much longer than a request's deadline the bridge waits for the answer. */
  public static final long DEFAULT_REPLY_GRACE_MS = 2_000;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
  private long defaultTimeoutMs = DEFAULT_TIMEOUT_MS;
  private long replyGraceMs = DEFAULT_REPLY_GRACE_MS;
  private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
  private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
  private long frameTimeoutMs = DEFAULT_FRAME_TIMEOUT_MS;
  private long firstFrameTimeoutMs = DEFAULT_FIRST_FRAME_TIMEOUT_MS;
  private long maxTimeoutMs = DEFAULT_MAX_TIMEOUT_MS;
  private int maxRegistrations = DEFAULT_MAX_REGISTRATIONS;
  private String tlsCertFile;
  private String tlsKeyFile;

  /** The defaults. */
  public TcpBridgeOptions() {
  }

  /** @param other options to copy */
  public TcpBridgeOptions(TcpBridgeOptions other) {
    this(other.toJson()); // every setting is in the JSON form
  }

  /**
   * @param json {@code host}, {@code port}, {@code maxFrameBytes}, {@code defaultTimeoutMs}, {@code replyGraceMs},
   *             {@code maxBufferedBytes}, {@code maxConnections}, {@code maxConnectionsPerAddress},
   *             {@code idleTimeoutMs}, {@code frameTimeoutMs}, {@code firstFrameTimeoutMs}, {@code maxTimeoutMs},
   *             {@code maxRegistrations}, {@code tls} ({@code {"certPath", "keyPath"}}, PEM, as {@code httpServer.tls}); other keys are ignored
   */
  public TcpBridgeOptions(JsonObject json) {
    setHost(json.getString("host", DEFAULT_HOST));
    setPort(json.getInteger("port", DEFAULT_PORT));
    setMaxFrameBytes(json.getInteger("maxFrameBytes", DEFAULT_MAX_FRAME_BYTES));
    setDefaultTimeoutMs(json.getLong("defaultTimeoutMs", DEFAULT_TIMEOUT_MS));
    setReplyGraceMs(json.getLong("replyGraceMs", DEFAULT_REPLY_GRACE_MS));
    setMaxBufferedBytes(json.getLong("maxBufferedBytes", DEFAULT_MAX_BUFFERED_BYTES));
    setMaxConnections(json.getInteger("maxConnections", DEFAULT_MAX_CONNECTIONS));
    setMaxConnectionsPerAddress(json.getInteger("maxConnectionsPerAddress", DEFAULT_MAX_CONNECTIONS_PER_ADDRESS));
    setIdleTimeoutMs(json.getLong("idleTimeoutMs", DEFAULT_IDLE_TIMEOUT_MS));
    setFrameTimeoutMs(json.getLong("frameTimeoutMs", DEFAULT_FRAME_TIMEOUT_MS));
    setFirstFrameTimeoutMs(json.getLong("firstFrameTimeoutMs", DEFAULT_FIRST_FRAME_TIMEOUT_MS));
    setMaxTimeoutMs(json.getLong("maxTimeoutMs", DEFAULT_MAX_TIMEOUT_MS));
    setMaxRegistrations(json.getInteger("maxRegistrations", DEFAULT_MAX_REGISTRATIONS));
    JsonObject tls = json.getJsonObject("tls");
    if (tls != null) {
      setTls(tls.getString("certPath"), tls.getString("keyPath"));
    }
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

  /** @return the bytes of frames in progress held at once over every connection */
  public long getMaxBufferedBytes() {
    return maxBufferedBytes;
  }

  /** @param maxBufferedBytes at least {@link #getMaxFrameBytes()} when used, > 0 @return this */
  public TcpBridgeOptions setMaxBufferedBytes(long maxBufferedBytes) {
    this.maxBufferedBytes = positive(maxBufferedBytes, "maxBufferedBytes");
    return this;
  }

  /** @return the most connections open at once */
  public int getMaxConnections() {
    return maxConnections;
  }

  /** @param maxConnections > 0 @return this */
  public TcpBridgeOptions setMaxConnections(int maxConnections) {
    this.maxConnections = (int) positive(maxConnections, "maxConnections");
    return this;
  }

  /** @return the most connections open at once from one client address */
  public int getMaxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /** @param maxConnectionsPerAddress > 0 @return this */
  public TcpBridgeOptions setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
    this.maxConnectionsPerAddress = (int) positive(maxConnectionsPerAddress, "maxConnectionsPerAddress");
    return this;
  }

  /** @return how long a connection may go without a frame in either direction, in milliseconds */
  public long getIdleTimeoutMs() {
    return idleTimeoutMs;
  }

  /** @param idleTimeoutMs > 0 @return this */
  public TcpBridgeOptions setIdleTimeoutMs(long idleTimeoutMs) {
    this.idleTimeoutMs = positive(idleTimeoutMs, "idleTimeoutMs");
    return this;
  }

  /** @return how long a begun frame may take to arrive whole, in milliseconds */
  public long getFrameTimeoutMs() {
    return frameTimeoutMs;
  }

  /** @param frameTimeoutMs > 0 @return this */
  public TcpBridgeOptions setFrameTimeoutMs(long frameTimeoutMs) {
    this.frameTimeoutMs = positive(frameTimeoutMs, "frameTimeoutMs");
    return this;
  }

  /** @return how long a new connection may take to send its first whole frame, in milliseconds */
  public long getFirstFrameTimeoutMs() {
    return firstFrameTimeoutMs;
  }

  /** @param firstFrameTimeoutMs > 0 @return this */
  public TcpBridgeOptions setFirstFrameTimeoutMs(long firstFrameTimeoutMs) {
    this.firstFrameTimeoutMs = positive(firstFrameTimeoutMs, "firstFrameTimeoutMs");
    return this;
  }

  /** @return the longest {@code dhii-timeout-ms} the bridge waits for; a larger one is clamped to it */
  public long getMaxTimeoutMs() {
    return maxTimeoutMs;
  }

  /** @param maxTimeoutMs > 0 @return this */
  public TcpBridgeOptions setMaxTimeoutMs(long maxTimeoutMs) {
    this.maxTimeoutMs = positive(maxTimeoutMs, "maxTimeoutMs");
    return this;
  }

  /** @return the most addresses one connection may have registered at once */
  public int getMaxRegistrations() {
    return maxRegistrations;
  }

  /** @param maxRegistrations > 0 @return this */
  public TcpBridgeOptions setMaxRegistrations(int maxRegistrations) {
    this.maxRegistrations = (int) positive(maxRegistrations, "maxRegistrations");
    return this;
  }

  /** @return the PEM certificate chain the bridge serves TLS with, or null for plain TCP */
  public String getTlsCertFile() {
    return tlsCertFile;
  }

  /** @return the PEM private key (PKCS#8 or PKCS#1) of {@link #getTlsCertFile()}, or null */
  public String getTlsKeyFile() {
    return tlsKeyFile;
  }

  /**
   * @param certFile a PEM certificate chain, or null (with keyFile null) for plain TCP
   * @param keyFile its PEM private key, or null
   * @return this
   */
  public TcpBridgeOptions setTls(String certFile, String keyFile) {
    if ((certFile == null) != (keyFile == null) || (certFile != null && (certFile.isBlank() || keyFile.isBlank()))) {
      throw new IllegalArgumentException("tcpBridge.tls needs both certPath and keyPath (PEM files), or neither");
    }
    this.tlsCertFile = certFile;
    this.tlsKeyFile = keyFile;
    return this;
  }

  /** @return whether the bridge serves TLS */
  public boolean isTls() {
    return tlsCertFile != null;
  }

  private static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException("tcpBridge." + name + " must be > 0: " + value);
    }
    return value;
  }

  /** @return these options as JSON */
  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("maxFrameBytes", maxFrameBytes)
      .put("defaultTimeoutMs", defaultTimeoutMs).put("replyGraceMs", replyGraceMs)
      .put("maxBufferedBytes", maxBufferedBytes).put("maxConnections", maxConnections)
      .put("maxConnectionsPerAddress", maxConnectionsPerAddress).put("idleTimeoutMs", idleTimeoutMs)
      .put("frameTimeoutMs", frameTimeoutMs).put("firstFrameTimeoutMs", firstFrameTimeoutMs)
      .put("maxTimeoutMs", maxTimeoutMs).put("maxRegistrations", maxRegistrations)
      .put("tls", tlsCertFile == null ? null : new JsonObject().put("certPath", tlsCertFile).put("keyPath", tlsKeyFile));
  }
}
