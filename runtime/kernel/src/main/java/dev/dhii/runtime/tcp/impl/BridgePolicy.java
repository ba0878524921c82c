package dev.dhii.runtime.tcp.impl;

import dev.dhii.runtime.Addresses;
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

  /** Headers kept from a bridged frame (lower case); every other one is removed. */
  static final Set<String> HEADERS_IN = Set.of(Addresses.HEADER_REQUEST_ID, Addresses.HEADER_TIMEOUT_MS,
    Addresses.HEADER_AUTHORIZATION, "traceparent", "tracestate");
  /** The library's header for the event bus send timeout. */
  static final String SEND_TIMEOUT = "timeout";

  private final long defaultTimeoutMs;
  private final long replyGraceMs;

  /**
   * @param defaultTimeoutMs the deadline assumed for a frame that sets no {@code dhii-timeout-ms}
   * @param replyGraceMs how much longer than the deadline the bridge waits for the answer
   */
  public BridgePolicy(long defaultTimeoutMs, long replyGraceMs) {
    this.defaultTimeoutMs = defaultTimeoutMs;
    this.replyGraceMs = replyGraceMs;
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
    out.put(SEND_TIMEOUT, timeoutOf(out.getString(Addresses.HEADER_TIMEOUT_MS)) + replyGraceMs);
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
