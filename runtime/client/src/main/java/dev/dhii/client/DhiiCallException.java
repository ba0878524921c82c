package dev.dhii.client;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * A capability call that failed, as the caller sees it: the wire error of DESIGN §7 (code, message,
 * details) and the ids that locate it. Stackless: it reports an answer, not a bug in the caller.
 */
public final class DhiiCallException extends PluginException {

  private final ErrorCode code;
  private final String requestId;
  private final String pluginId;
  private final String capabilityId;
  private final ReplyFailure failureType;

  /**
   * @param code the error code
   * @param message the error message
   * @param details the error details, may be null
   * @param requestId the call's request id, may be null
   * @param pluginId the plugin that answered, may be null
   * @param capabilityId the capability called, may be null
   * @param failureType how the event bus request failed, or null when it did not fail on the bus
   */
  public DhiiCallException(ErrorCode code, String message, JsonObject details, String requestId, String pluginId,
                           String capabilityId, ReplyFailure failureType) {
    super(message, null, details);
    this.code = code;
    this.requestId = requestId;
    this.pluginId = pluginId;
    this.capabilityId = capabilityId;
    this.failureType = failureType;
  }

  @Override
  public ErrorCode code() {
    return code;
  }

  /** @return the call's request id, or null */
  public String requestId() {
    return requestId;
  }

  /** @return the plugin that answered, or null (no plugin was reached) */
  public String pluginId() {
    return pluginId;
  }

  /** @return the capability called, or null */
  public String capabilityId() {
    return capabilityId;
  }

  /**
   * @return how the event bus request failed: {@code RECIPIENT_FAILURE} for an answer of the runtime,
   *     {@code NO_HANDLERS} when no node serves the capability (nothing ran), {@code TIMEOUT} when no
   *     answer came in time; null when the call failed before or after the event bus
   */
  public ReplyFailure failureType() {
    return failureType;
  }

  /** @return the error body of DESIGN §7, {@code {"error": {...}}} */
  public JsonObject toBody() {
    return code.toBody(getMessage(), requestId, pluginId, capabilityId, details());
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
