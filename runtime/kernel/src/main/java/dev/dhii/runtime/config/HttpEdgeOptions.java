package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

/**
 * The HTTP server's connection and timing bounds ({@code httpServer} in conf/runtime.json), which also hold for
 * the WebSocket upgrades it serves.
 *
 * @param maxConnections open connections in total, past which a new one is closed at once (0: no bound)
 * @param maxConnectionsPerAddress open connections from one client address (0: no bound)
 * @param headerTimeoutMs time for a request's line and headers to arrive, counted from the connection (or from
 *                        the end of the previous response); past it the connection is closed
 * @param bodyIdleTimeoutMs longest wait for the next bytes of a body being read (408)
 * @param bodyTimeoutMs longest time to read one whole body (408)
 * @param idleTimeoutMs a connection (WebSockets included) with nothing read or written for this long is closed
 * @param maxInitialLineBytes the longest request line (longer: 414)
 * @param maxHeaderBytes the largest header block (larger: 431)
 * @param tlsCertPath PEM certificate chain; with {@code tlsKeyPath}, the server speaks only HTTPS/WSS
 * @param tlsKeyPath PEM private key (PKCS#8 or PKCS#1)
 */
public record HttpEdgeOptions(int maxConnections, int maxConnectionsPerAddress, long headerTimeoutMs,
                              long bodyIdleTimeoutMs, long bodyTimeoutMs, long idleTimeoutMs, int maxInitialLineBytes,
                              int maxHeaderBytes, String tlsCertPath, String tlsKeyPath) {

  /** The defaults of conf/runtime.json. */
  public static final HttpEdgeOptions DEFAULTS = fromJson(new JsonObject());

  /**
   * @param json the {@code httpServer} section
   * @return the options, defaults filled in
   */
  public static HttpEdgeOptions fromJson(JsonObject json) {
    JsonObject tls = json.getJsonObject("tls", new JsonObject());
    return new HttpEdgeOptions(json.getInteger("maxConnections", 1024), json.getInteger("maxConnectionsPerAddress", 256),
      json.getLong("headerTimeoutMs", 10_000L), json.getLong("bodyIdleTimeoutMs", 10_000L),
      json.getLong("bodyTimeoutMs", 60_000L), json.getLong("idleTimeoutMs", 120_000L),
      json.getInteger("maxInitialLineBytes", 4096), json.getInteger("maxHeaderBytes", 8192),
      blankToNull(tls.getString("certPath")), blankToNull(tls.getString("keyPath")));
  }

  /** @return whether TLS is configured */
  public boolean tls() {
    return tlsCertPath != null && tlsKeyPath != null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
