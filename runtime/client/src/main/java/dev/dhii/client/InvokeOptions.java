package dev.dhii.client;

import io.vertx.core.json.JsonObject;

/**
 * Options of one capability call: who calls, under which request id, with which deadline and token.
 * Every field is optional.
 */
public class InvokeOptions {

  /** No timeout set: the plugin's own timeout applies. */
  public static final long DEFAULT_TIMEOUT_MS = 0;
  /** No payload size known: the runtime measures the input. */
  public static final long DEFAULT_PAYLOAD_BYTES = -1;

  private String requestId;
  private String userId;
  private long timeoutMs = DEFAULT_TIMEOUT_MS;
  private String authorization;
  private long payloadBytes = DEFAULT_PAYLOAD_BYTES;

  /** Options with nothing set. */
  public InvokeOptions() {
  }

  /** @param other options to copy */
  public InvokeOptions(InvokeOptions other) {
    this.requestId = other.requestId;
    this.userId = other.userId;
    this.timeoutMs = other.timeoutMs;
    this.authorization = other.authorization;
    this.payloadBytes = other.payloadBytes;
  }

  /** @param json {@code requestId}, {@code userId}, {@code timeoutMs}, {@code authorization}, {@code payloadBytes} */
  public InvokeOptions(JsonObject json) {
    setRequestId(json.getString("requestId"));
    setUserId(json.getString("userId"));
    setTimeoutMs(json.getLong("timeoutMs", DEFAULT_TIMEOUT_MS));
    setAuthorization(json.getString("authorization"));
    setPayloadBytes(json.getLong("payloadBytes", DEFAULT_PAYLOAD_BYTES));
  }

  /** @return the request id, or null to have one generated */
  public String getRequestId() {
    return requestId;
  }

  /** @param requestId the request id (shown in logs and error bodies), or null to generate one @return this */
  public InvokeOptions setRequestId(String requestId) {
    this.requestId = requestId;
    return this;
  }

  /** @return the user the call is made for, or null */
  public String getUserId() {
    return userId;
  }

  /**
   * @param userId the authenticated user the call is made for; trusted as is, like every header from a
   *     cluster member, or null
   * @return this
   */
  public InvokeOptions setUserId(String userId) {
    this.userId = userId;
    return this;
  }

  /** @return the call's timeout in milliseconds; 0 for the plugin's own */
  public long getTimeoutMs() {
    return timeoutMs;
  }

  /**
   * @param timeoutMs the call's deadline in milliseconds (capped by the plugin's {@code timeoutMs}); 0 for
   *     the plugin's own
   * @return this
   */
  public InvokeOptions setTimeoutMs(long timeoutMs) {
    if (timeoutMs < 0) {
      throw new IllegalArgumentException("timeoutMs must be >= 0: " + timeoutMs);
    }
    this.timeoutMs = timeoutMs;
    return this;
  }

  /** @return the bearer token, or null */
  public String getAuthorization() {
    return authorization;
  }

  /** @param authorization a bearer token ({@code Bearer <jwt>} or the bare token), or null @return this */
  public InvokeOptions setAuthorization(String authorization) {
    this.authorization = authorization;
    return this;
  }

  /** @return the encoded input's size in bytes, or -1 when unknown */
  public long getPayloadBytes() {
    return payloadBytes;
  }

  /**
   * @param payloadBytes the encoded input's size when the caller already knows it (the runtime then skips
   *     measuring it), or -1
   * @return this
   */
  public InvokeOptions setPayloadBytes(long payloadBytes) {
    if (payloadBytes < -1) {
      throw new IllegalArgumentException("payloadBytes must be >= -1: " + payloadBytes);
    }
    this.payloadBytes = payloadBytes;
    return this;
  }

  /** @return these options as JSON */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("timeoutMs", timeoutMs).put("payloadBytes", payloadBytes);
    if (requestId != null) {
      json.put("requestId", requestId);
    }
    if (userId != null) {
      json.put("userId", userId);
    }
    if (authorization != null) {
      json.put("authorization", authorization);
    }
    return json;
  }
}
