package dev.dhii.runtime.mcp;

import dev.dhii.api.CancellationToken;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One MCP session ({@code Mcp-Session-Id}): the revision it negotiated, its notification streams (GET) and
 * the calls it has in flight, by JSON-RPC id, so that {@code notifications/cancelled} can fire their tokens.
 * Thread-safe: the requests of one session may reach any HTTP verticle instance.
 */
final class McpSession {

  private final String id;
  private final String protocolVersion;
  private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
  private final Map<String, CancellationToken> calls = new ConcurrentHashMap<>();
  private volatile long lastSeenMs;
  private volatile boolean initialized;
  private volatile boolean closed;

  McpSession(String id, String protocolVersion, long nowMs) {
    this.id = id;
    this.protocolVersion = protocolVersion;
    this.lastSeenMs = nowMs;
  }

  String id() {
    return id;
  }

  String protocolVersion() {
    return protocolVersion;
  }

  /** @param nowMs the time of a request of this session */
  void seen(long nowMs) {
    lastSeenMs = nowMs;
  }

  /** The client sent {@code notifications/initialized}. */
  void initialized() {
    initialized = true;
  }

  boolean isInitialized() {
    return initialized;
  }

  /** @param nowMs now @param idleMs the idle bound @return whether it has had nothing going on for {@code idleMs} */
  boolean idle(long nowMs, long idleMs) {
    streams.removeIf(SseStream::closed);
    return streams.isEmpty() && calls.isEmpty() && nowMs - lastSeenMs >= idleMs;
  }

  /** @param stream a notification stream opened by GET; closed at once when the session is */
  void addStream(SseStream stream) {
    streams.add(stream);
    if (closed) {
      stream.close();
    }
  }

  void removeStream(SseStream stream) {
    streams.remove(stream);
  }

  Set<SseStream> streams() {
    return streams;
  }

  /**
   * @param requestId the JSON-RPC id of a tools/call, encoded
   * @param token its cancellation token
   * @return false when a call with that id is already in flight
   */
  boolean startCall(String requestId, CancellationToken token) {
    return calls.putIfAbsent(requestId, token) == null;
  }

  void endCall(String requestId) {
    calls.remove(requestId);
  }

  /** @param requestId the encoded JSON-RPC id named by notifications/cancelled @param reason the client's reason */
  void cancel(String requestId, String reason) {
    CancellationToken token = calls.get(requestId);
    if (token != null) {
      token.cancel(reason == null || reason.isBlank() ? "cancelled by the client" : reason);
    }
  }

  /** Ends its streams and cancels its calls. */
  void close(String reason) {
    closed = true;
    streams.forEach(SseStream::close);
    streams.clear();
    calls.values().forEach(t -> t.cancel(reason));
  }
}
