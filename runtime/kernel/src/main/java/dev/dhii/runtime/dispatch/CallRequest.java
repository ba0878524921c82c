package dev.dhii.runtime.dispatch;

import dev.dhii.api.CancellationToken;
import dev.dhii.api.ExecutionContext;
import dev.dhii.api.ProgressListener;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One capability call as a transport hands it to the {@link Dispatcher}. Built with {@link #builder}; the
 * request id is normalised once, here ({@link #requestIdOf}).
 *
 * @param capabilityId the capability to call
 * @param input the input: a JsonObject (anything else is a VALIDATION error)
 * @param requestId the caller's request id, or a generated one
 * @param userId the authenticated user, or null
 * @param timeoutMs the caller's timeout, or null for the plugin's default
 * @param authorization a bearer token, or null
 * @param payloadBytes the encoded input's size when the transport knows it, else -1
 * @param clientKey who to rate-limit anonymous calls by (client address), or null
 * @param cancellation a token the transport may fire (caller cancelled, connection closed), or null
 * @param traceContext W3C trace context of the caller ({@code traceparent}, {@code tracestate}) when it does
 *                     not travel on the Vert.x context (a plugin's nested call), else empty
 * @param progress hears the progress the plugin reports ({@link ExecutionContext#reportProgress}), or null
 */
public record CallRequest(String capabilityId, Object input, String requestId, String userId, Long timeoutMs,
                          String authorization, long payloadBytes, String clientKey, CancellationToken cancellation,
                          Map<String, String> traceContext, ProgressListener progress) {

  /** The longest request id a caller may choose; a longer one is replaced. */
  public static final int MAX_REQUEST_ID_LENGTH = 200;

  /** Normalises the request id ({@link #requestIdOf}) and the trace context (immutable). */
  public CallRequest {
    requestId = requestIdOf(requestId);
    traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
  }

  /**
   * @param capabilityId the capability
   * @param input its input
   * @return a request with every optional part unset
   */
  public static CallRequest of(String capabilityId, Object input) {
    return builder(capabilityId, input).build();
  }

  /**
   * @param capabilityId the capability
   * @param input its input
   * @return a builder with every optional part unset
   */
  public static Builder builder(String capabilityId, Object input) {
    return new Builder(capabilityId, input);
  }

  /** @return a builder holding this request's parts */
  public Builder toBuilder() {
    return new Builder(capabilityId, input).requestId(requestId).userId(userId).timeoutMs(timeoutMs)
      .authorization(authorization).payloadBytes(payloadBytes).clientKey(clientKey).cancellation(cancellation)
      .traceContext(traceContext).progress(progress);
  }

  /** @param user the authenticated user @return this request on behalf of {@code user} */
  public CallRequest withUserId(String user) {
    return toBuilder().userId(user).build();
  }

  /**
   * The one rule for request ids, on every transport.
   *
   * @param requested the caller's request id, or null
   * @return it, or a generated one when it is blank or longer than {@value #MAX_REQUEST_ID_LENGTH} characters
   */
  public static String requestIdOf(String requested) {
    return requested == null || requested.isBlank() || requested.length() > MAX_REQUEST_ID_LENGTH ? newRequestId() : requested;
  }

  /** What {@link #timeoutMsOf} answers for a value that is not a positive whole number of milliseconds. */
  public static final long INVALID_TIMEOUT = -1;

  /**
   * The one rule for a caller's timeout, on every transport (a header's text, a JSON-RPC param's number).
   * Each transport words its own error for {@link #INVALID_TIMEOUT}.
   *
   * @param value a header's text (trimmed; {@code +} allowed), a JSON number, or null
   * @return null when absent, the timeout in milliseconds, or {@link #INVALID_TIMEOUT} unless it is a whole
   *     number from 1 to {@link Long#MAX_VALUE}
   */
  public static Long timeoutMsOf(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue() < 1 || n.doubleValue() != n.longValue() ? INVALID_TIMEOUT : n.longValue();
    }
    if (value instanceof String text) {
      try {
        long ms = Long.parseLong(text.trim());
        return ms > 0 ? ms : INVALID_TIMEOUT;
      } catch (NumberFormatException e) {
        return INVALID_TIMEOUT;
      }
    }
    return INVALID_TIMEOUT;
  }

  /** @return a random (version 4) UUID, without SecureRandom's cost on the hot path */
  public static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** Builds a {@link CallRequest}; every part but the capability and the input is optional. Not thread-safe. */
  public static final class Builder {
    private final String capabilityId;
    private Object input;
    private String requestId;
    private String userId;
    private Long timeoutMs;
    private String authorization;
    private long payloadBytes = -1;
    private String clientKey;
    private CancellationToken cancellation;
    private Map<String, String> traceContext;
    private ProgressListener progress;

    private Builder(String capabilityId, Object input) {
      this.capabilityId = capabilityId;
      this.input = input;
    }

    /** @param value the input @return this */
    public Builder input(Object value) {
      this.input = value;
      return this;
    }

    /** @param value the caller's request id (blank: generated) @return this */
    public Builder requestId(String value) {
      this.requestId = value;
      return this;
    }

    /** @param value the authenticated user @return this */
    public Builder userId(String value) {
      this.userId = value;
      return this;
    }

    /** @param value the caller's timeout in milliseconds, or null for the plugin's default @return this */
    public Builder timeoutMs(Long value) {
      this.timeoutMs = value;
      return this;
    }

    /** @param value a bearer token @return this */
    public Builder authorization(String value) {
      this.authorization = value;
      return this;
    }

    /** @param value the encoded input's size in bytes, or -1 when unknown @return this */
    public Builder payloadBytes(long value) {
      this.payloadBytes = value;
      return this;
    }

    /** @param value who to rate-limit anonymous calls by @return this */
    public Builder clientKey(String value) {
      this.clientKey = value;
      return this;
    }

    /** @param value a token the transport may fire @return this */
    public Builder cancellation(CancellationToken value) {
      this.cancellation = value;
      return this;
    }

    /** @param value the caller's W3C trace context @return this */
    public Builder traceContext(Map<String, String> value) {
      this.traceContext = value;
      return this;
    }

    /** @param value hears the progress the plugin reports, or null @return this */
    public Builder progress(ProgressListener value) {
      this.progress = value;
      return this;
    }

    /** @return the request */
    public CallRequest build() {
      return new CallRequest(capabilityId, input, requestId, userId, timeoutMs, authorization, payloadBytes, clientKey,
        cancellation, traceContext, progress);
    }
  }
}
