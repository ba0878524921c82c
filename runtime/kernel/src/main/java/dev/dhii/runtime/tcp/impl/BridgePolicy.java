package dev.dhii.runtime.tcp.impl;

import dev.dhii.runtime.bus.Addresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;

/**
 * What a frame the TCP bridge lets through carries onto the event bus: its headers reduced to those a caller
 * outside the cluster may set, and a send timeout of its own. A non-JVM caller is not trusted:
 * {@code dhii-user-id} (and any other header) is dropped, so only a token in {@code authorization}
 * authenticates; the event bus timeout is the call's deadline plus a grace, never the caller's own.
 */
public final class BridgePolicy {

  /**
   * The client's address, set by the bridge on every request to a capability (whatever the client put there):
   * anonymous callers are rate-limited by it.
   */
  public static final String HEADER_CLIENT = Addresses.HEADER_CLIENT;
  /** Headers kept from a bridged frame (lower case); every other one is removed. */
  static final Set<String> HEADERS_IN = Set.of(Addresses.HEADER_REQUEST_ID, Addresses.HEADER_TIMEOUT_MS,
    Addresses.HEADER_AUTHORIZATION, "traceparent", "tracestate");

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

  /**
   * @param headers the frame's headers, or null
   * @param client the client's address for a request to a capability, else null
   * @return the delivery options of the frame's send: the trusted headers, the client's address, the timeout
   */
  DeliveryOptions deliveryOptions(JsonObject headers, String client) {
    DeliveryOptions options = new DeliveryOptions();
    String timeoutHeader = null;
    if (headers != null) {
      for (var header : headers) {
        String name = header.getKey().toLowerCase(Locale.ROOT);
        if (HEADERS_IN.contains(name) && header.getValue() != null) {
          String value = String.valueOf(header.getValue());
          options.addHeader(name, value);
          if (name.equals(Addresses.HEADER_TIMEOUT_MS)) {
            timeoutHeader = value;
          }
        }
      }
    }
    if (client != null) {
      options.addHeader(HEADER_CLIENT, client);
    }
    return options.setSendTimeout(Math.min(timeoutOf(timeoutHeader), maxTimeoutMs)
      + Math.min(replyGraceMs, Long.MAX_VALUE - maxTimeoutMs));
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
