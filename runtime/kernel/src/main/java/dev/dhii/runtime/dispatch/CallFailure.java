package dev.dhii.runtime.dispatch;

import io.vertx.core.json.JsonObject;

/**
 * A failed call, as the {@link Dispatcher} reports it to transports: the wire error plus the ids that
 * go into the error body. Stackless: it is a result, not a bug.
 */
public final class CallFailure extends RuntimeException {

  private final CallError error;
  private final String requestId;
  private final String pluginId;
  private final String capabilityId;
  private final int attempts;

  /**
   * @param error the wire error
   * @param requestId the call's request id
   * @param pluginId the plugin, or null
   * @param capabilityId the capability, or null
   */
  public CallFailure(CallError error, String requestId, String pluginId, String capabilityId) {
    this(error, requestId, pluginId, capabilityId, 0, null);
  }

  private CallFailure(CallError error, String requestId, String pluginId, String capabilityId, int attempts, Throwable cause) {
    super(error.code() + ": " + error.message(), cause, false, false);
    this.error = error;
    this.requestId = requestId;
    this.pluginId = pluginId;
    this.capabilityId = capabilityId;
    this.attempts = attempts;
  }

  /** @param id the plugin that served the call @return this failure naming it (unless it names one already) */
  public CallFailure withPlugin(String id) {
    return pluginId != null ? this : new CallFailure(error, requestId, id, capabilityId, attempts, getCause());
  }

  /** @param n attempts made @return this failure with the attempt count */
  public CallFailure withAttempts(int n) {
    return n == attempts ? this : new CallFailure(error, requestId, pluginId, capabilityId, n, getCause());
  }

  /** @return how many attempts reached the plugin (0 when it was rejected before) */
  public int attempts() {
    return attempts;
  }

  /**
   * @param failure any failure of a call
   * @param requestId the request id to report when the failure carries none
   * @param capabilityId the capability called
   * @return the failure as a CallFailure (unchanged if it already is one)
   */
  public static CallFailure of(Throwable failure, String requestId, String capabilityId) {
    if (failure instanceof CallFailure cf) {
      return cf;
    }
    CallError error = CallError.from(failure);
    return new CallFailure(error, requestId, error.pluginId(), capabilityId, 0, failure);
  }

  /** @return the original failure, or null when the kernel decided it */
  public Throwable original() {
    return getCause();
  }

  /** @return the wire error */
  public CallError error() {
    return error;
  }

  /** @return the request id */
  public String requestId() {
    return requestId;
  }

  /** @return the plugin id, or null */
  public String pluginId() {
    return pluginId;
  }

  /** @return the capability id, or null */
  public String capabilityId() {
    return capabilityId;
  }

  /** @return the HTTP status (also the event bus failure code) */
  public int status() {
    return error.code().httpStatus();
  }

  /** @return the error body {@code {"error": {...}}} */
  public JsonObject toBody() {
    return error.toBody(requestId, pluginId, capabilityId);
  }
}
