package dev.dhii.runtime.dispatch;

import dev.dhii.api.CancellationToken;

/**
 * One capability call as a transport hands it to the {@link Dispatcher}.
 *
 * @param capabilityId the capability to call
 * @param input the input: a JsonObject (anything else is a VALIDATION error)
 * @param requestId the caller's request id, or null to generate one
 * @param userId the authenticated user, or null
 * @param timeoutMs the caller's timeout, or null for the plugin's default
 * @param authorization a bearer token, or null
 * @param payloadBytes the encoded input's size when the transport knows it, else -1
 * @param clientKey who to rate-limit anonymous calls by (client address), or null
 * @param cancellation a token the transport may fire (caller cancelled, connection closed), or null
 * @param traceContext W3C trace context of the caller ({@code traceparent}, {@code tracestate}) when it does
 *                     not travel on the Vert.x context (a plugin's nested call), else empty
 */
public record CallRequest(String capabilityId, Object input, String requestId, String userId, Long timeoutMs,
                          String authorization, long payloadBytes, String clientKey, CancellationToken cancellation,
                          java.util.Map<String, String> traceContext) {

  /** Normalises the trace context to an immutable map. */
  public CallRequest {
    traceContext = traceContext == null ? java.util.Map.of() : java.util.Map.copyOf(traceContext);
  }

  /** A request without a trace context of its own (the Vert.x context carries it, if any). */
  public CallRequest(String capabilityId, Object input, String requestId, String userId, Long timeoutMs,
                     String authorization, long payloadBytes, String clientKey, CancellationToken cancellation) {
    this(capabilityId, input, requestId, userId, timeoutMs, authorization, payloadBytes, clientKey, cancellation, null);
  }

  /**
   * @param capabilityId the capability
   * @param input its input
   * @return a request with every optional part unset
   */
  public static CallRequest of(String capabilityId, Object input) {
    return new CallRequest(capabilityId, input, null, null, null, null, -1, null, null);
  }

  /** @param user the authenticated user @return this request on behalf of {@code user} */
  public CallRequest withUserId(String user) {
    return new CallRequest(capabilityId, input, requestId, user, timeoutMs, authorization, payloadBytes, clientKey, cancellation,
      traceContext);
  }
}
