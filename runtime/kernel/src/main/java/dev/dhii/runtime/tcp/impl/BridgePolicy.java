package dev.dhii.runtime.tcp.impl;

import dev.dhii.runtime.bus.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;

import java.util.Locale;
import java.util.Set;

/**
 * The TCP bridge's event handler, after the address checks of {@code BridgeAccess}: no publishing, and
 * the headers of a sent frame reduced to those a caller outside the cluster may set. A non-JVM caller
 * is not trusted: {@code dhii-user-id} (and any other header) is dropped, so only a token in
 * {@code authorization} authenticates; the event bus timeout is the call's deadline plus a grace, never
 * the caller's own.
 */
public final class BridgePolicy implements Handler<BridgeEvent> {

  /**
   * The client's address, set by {@code FrameGuard} on every request to a capability (whatever the client
   * put there): anonymous callers are rate-limited by it.
   */
  public static final String HEADER_CLIENT = Addresses.HEADER_CLIENT;
  /** Headers kept from a bridged frame (lower case); every other one is removed. */
  static final Set<String> HEADERS_IN = Set.of(Addresses.HEADER_REQUEST_ID, Addresses.HEADER_TIMEOUT_MS,
    Addresses.HEADER_AUTHORIZATION, "traceparent", "tracestate", HEADER_CLIENT);
  /** The library's header for the event bus send timeout. */
  static final String SEND_TIMEOUT = "timeout";

  private final long defaultTimeoutMs;
  private final long replyGraceMs;
  private final long maxTimeoutMs;

  /**
   * @param defaultTimeoutMs the deadline assumed for a frame that sets no {@code dhii-timeout-ms}
   * @param replyGraceMs how much longer than the deadline the bridge waits for the answer
   * @param maxTimeoutMs the longest deadline the bridge waits for; a larger {@code dhii-timeout-ms} is clamped
   *                     to it here (the kernel clamps the call itself to the plugin's own deadline)
   */
  public BridgePolicy(long defaultTimeoutMs, long replyGraceMs, long maxTimeoutMs) {
    this.defaultTimeoutMs = defaultTimeoutMs;
    this.replyGraceMs = replyGraceMs;
    this.maxTimeoutMs = maxTimeoutMs;
  }

  @Override
  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case PUBLISH -> event.complete(false);
      case SEND -> {
        // the library sends the raw message it handed us: trimming it in place is what takes effect
        trustedHeaders(event.getRawMessage());
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  private void trustedHeaders(JsonObject frame) {
    JsonObject in = frame.getValue("headers") instanceof JsonObject headers ? headers : new JsonObject();
    JsonObject out = new JsonObject();
    in.forEach(header -> {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (HEADERS_IN.contains(name) && header.getValue() != null) {
        out.put(name, String.valueOf(header.getValue()));
      }
    });
    out.put(SEND_TIMEOUT, Math.min(timeoutOf(out.getString(Addresses.HEADER_TIMEOUT_MS)), maxTimeoutMs)
      + Math.min(replyGraceMs, Long.MAX_VALUE - maxTimeoutMs));
    frame.put("headers", out);
  }

  private long timeoutOf(String header) {
    if (header != null) {
      try {
        long timeoutMs = Long.parseLong(header.trim());
        if (timeoutMs > 0) {
          return timeoutMs;
        }
      } catch (NumberFormatException ignored) {
        // the runtime answers VALIDATION for it; the bridge waits the default
      }
    }
    return defaultTimeoutMs;
  }
}
