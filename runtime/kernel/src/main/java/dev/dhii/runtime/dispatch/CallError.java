package dev.dhii.runtime.dispatch;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import dev.dhii.client.DhiiCallException;
import dev.dhii.client.ReplyErrors;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeoutException;

/**
 * A failed call in wire form (DESIGN §7): the code, a message for the caller and details. Built from
 * any throwable; rendered as the error body {@code {"error": {...}}} on every transport.
 *
 * @param code the error code
 * @param message the message shown to the caller
 * @param details extra JSON ({@code violations}, {@code retryAfterMs}, ...), never null
 * @param pluginId the plugin that failed, when known (from a remote reply)
 */
public record CallError(ErrorCode code, String message, JsonObject details, String pluginId) {

  /** @param code the code @param message the message @return an error without details */
  public static CallError of(ErrorCode code, String message) {
    return new CallError(code, message, new JsonObject(), null);
  }

  /**
   * Maps any failure to its wire form: a {@link PluginException} keeps its code, message and details;
   * a remote {@link ReplyException} is decoded back; anything else is INTERNAL with a plain
   * message (no class name or library message reaches a caller).
   *
   * @param failure the failure
   * @return its wire form
   */
  public static CallError from(Throwable failure) {
    if (failure instanceof DhiiCallException dce) {
      return new CallError(dce.code(), String.valueOf(dce.getMessage()), dce.details(), dce.pluginId());
    }
    if (failure instanceof PluginException pe) {
      return new CallError(pe.code(), String.valueOf(pe.getMessage()), pe.details(), null);
    }
    if (failure instanceof ReplyException re) {
      return fromReply(re);
    }
    if (failure instanceof TimeoutException) {
      return of(ErrorCode.TIMEOUT, "The call did not complete before its deadline");
    }
    // an unexpected exception is a bug: its class and message go to the log (with the request and plugin ids),
    // never to the caller
    return of(ErrorCode.INTERNAL, "The plugin failed");
  }

  /**
   * Decodes an event bus failure with the client's decoder ({@link ReplyErrors}): the runtime's own
   * replies carry the error body as their message; no handler means the capability is not hosted
   * anywhere (NOT_FOUND); a reply timeout is a TIMEOUT.
   *
   * @param re the reply failure
   * @return its wire form
   */
  public static CallError fromReply(ReplyException re) {
    DhiiCallException decoded = ReplyErrors.decode(re, null, null);
    if (decoded.code() == ErrorCode.INTERNAL && decoded.details().isEmpty()
      && String.valueOf(decoded.getMessage()).startsWith("Remote failure ")) {
      // not the runtime's error body: whatever the remote handler said stays out of the caller's answer
      return of(ErrorCode.INTERNAL, "The call failed (failure code " + re.failureCode() + ")");
    }
    return from(decoded);
  }

  /**
   * @param requestId the call's request id
   * @param pluginId the plugin's id, or null
   * @param capabilityId the capability's id, or null
   * @return {@code {"error": {"type","code","message","retryable","requestId","pluginId","capabilityId","details"}}}
   */
  public JsonObject toBody(String requestId, String pluginId, String capabilityId) {
    return code.toBody(message, requestId, pluginId != null ? pluginId : this.pluginId, capabilityId, details);
  }
}
