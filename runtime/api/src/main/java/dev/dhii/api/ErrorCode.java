package dev.dhii.api;

import io.vertx.core.json.JsonObject;

/**
 * The error codes of the runtime's wire contract. Every failed call, on every transport, carries one of
 * these in {@code error.code}, with {@code error.type} and the transport's status derived from it.
 */
public enum ErrorCode {
  /** The input (or a plugin's output) broke its schema. */
  VALIDATION("PluginValidationError", 400, -32602, false, false),
  /** No valid credentials for a capability that requires them. */
  AUTHENTICATION("PluginAuthenticationError", 401, -32001, false, false),
  /** Valid credentials without the required role. */
  FORBIDDEN("PluginAuthenticationError", 403, -32003, false, false),
  /** No such capability or plugin. */
  NOT_FOUND("CapabilityNotFoundError", 404, -32601, false, false),
  /** The input is larger than the plugin accepts. */
  PAYLOAD_TOO_LARGE("PluginValidationError", 413, -32602, false, false),
  /** The caller exceeded the capability's rate limit. */
  RATE_LIMITED("RateLimitedError", 429, -32029, true, false),
  /** A network failure inside the plugin (retryable). */
  NETWORK("PluginNetworkError", 502, -32002, true, true),
  /** The plugin's circuit breaker is open. */
  CIRCUIT_OPEN("CircuitOpenError", 503, -32053, true, false),
  /** The plugin's concurrency bound and queue are full. */
  OVERLOADED("OverloadedError", 503, -32054, true, false),
  /** The plugin is not serving (loading, failed, disabled, or no node hosts it). */
  UNAVAILABLE("PluginUnavailableError", 503, -32055, true, true),
  /** The call's deadline passed. */
  TIMEOUT("TimeoutError", 504, -32004, true, true),
  /** The caller cancelled the call. */
  CANCELLED("CancelledError", 499, -32800, false, false),
  /** The plugin is misconfigured. */
  CONFIGURATION("PluginConfigurationError", 500, -32005, false, true),
  /** The plugin failed in an unexpected way. */
  INTERNAL("PluginError", 500, -32603, false, true);

  private final String type;
  private final int httpStatus;
  private final int jsonRpcCode;
  private final boolean retryable;
  private final boolean countsAgainstBreaker;

  ErrorCode(String type, int httpStatus, int jsonRpcCode, boolean retryable, boolean countsAgainstBreaker) {
    this.type = type;
    this.httpStatus = httpStatus;
    this.jsonRpcCode = jsonRpcCode;
    this.retryable = retryable;
    this.countsAgainstBreaker = countsAgainstBreaker;
  }

  /**
   * Builds the error body of every transport (DESIGN §7).
   *
   * @param message the message for the caller
   * @param requestId the call's request id, or null
   * @param pluginId the plugin, or null
   * @param capabilityId the capability, or null
   * @param details extra JSON, or null for none
   * @return {@code {"error": {"type","code","message","retryable","requestId","pluginId","capabilityId","details"}}}
   */
  public JsonObject toBody(String message, String requestId, String pluginId, String capabilityId, JsonObject details) {
    return new JsonObject().put("error", new JsonObject()
      .put("type", type)
      .put("code", name())
      .put("message", message)
      .put("retryable", retryable)
      .put("requestId", requestId)
      .put("pluginId", pluginId)
      .put("capabilityId", capabilityId)
      .put("details", details == null ? new JsonObject() : details));
  }

  /** @return the wire {@code error.type}, the specification's exception name */
  public String type() {
    return type;
  }

  /** @return the HTTP status, also the event bus {@code ReplyException.failureCode()} */
  public int httpStatus() {
    return httpStatus;
  }

  /** @return the JSON-RPC error code used on the WebSocket bridge */
  public int jsonRpcCode() {
    return jsonRpcCode;
  }

  /** @return whether the same call may succeed if repeated later */
  public boolean retryable() {
    return retryable;
  }

  /** @return whether this failure is the plugin's fault and counts against its circuit breaker */
  public boolean countsAgainstBreaker() {
    return countsAgainstBreaker;
  }
}
