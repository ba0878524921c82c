package dev.dhii.runtime.mcp;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The open sessions, bounded in number ({@code mcp.maxSessions}) and idle time ({@code mcp.sessionIdleTimeoutMs}).
 * Session ids are 128 random bits. Thread-safe.
 */
final class McpSessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int max;
  private final long idleMs;
  private final LongSupplier clock;

  McpSessions(int max, long idleMs, LongSupplier clock) {
    this.max = max;
    this.idleMs = idleMs;
    this.clock = clock;
  }

  /** @param protocolVersion the negotiated revision @return a new session, or null when there is no room */
  McpSession create(String protocolVersion) {
    if (count.incrementAndGet() > max) {
      count.decrementAndGet();
      sweep();
      if (count.incrementAndGet() > max) {
        count.decrementAndGet();
        return null;
      }
    }
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    McpSession session = new McpSession(HexFormat.of().formatHex(bytes), protocolVersion, clock.getAsLong());
    sessions.put(session.id(), session);
    return session;
  }

  /** @param id a session id from a request @return the session, seen now, or null when unknown, ended or expired */
  McpSession get(String id) {
    McpSession session = id == null ? null : sessions.get(id);
    if (session != null) {
      session.seen(clock.getAsLong());
    }
    return session;
  }

  /** @param id a session id @return whether it was open (it is closed now) */
  boolean remove(String id, String reason) {
    McpSession session = sessions.remove(id);
    if (session == null) {
      return false;
    }
    count.decrementAndGet();
    session.close(reason);
    return true;
  }

  /** Closes every session idle for the configured time. */
  void sweep() {
    long now = clock.getAsLong();
    sessions.values().forEach(s -> {
      if (s.idle(now, idleMs)) {
        remove(s.id(), "session expired");
      }
    });
  }

  /** @return the open sessions */
  Collection<McpSession> all() {
    return sessions.values();
  }

  /** @return how many are open */
  int size() {
    return count.get();
  }

  /** Closes all. */
  void closeAll() {
    sessions.keySet().forEach(id -> remove(id, "the runtime is stopping"));
  }
}
