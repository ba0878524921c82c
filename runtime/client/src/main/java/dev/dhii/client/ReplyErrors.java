package dev.dhii.client;

import dev.dhii.api.ErrorCode;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Decodes a failed capability request back into its wire error. The runtime fails a call with a
 * {@link ReplyException} whose failure code is the HTTP status and whose message is the error body
 * JSON; the event bus itself fails it with {@code NO_HANDLERS} (no node serves the capability:
 * NOT_FOUND) or {@code TIMEOUT} (no reply in time: TIMEOUT). The one decoder of the runtime and its
 * clients.
 */
public final class ReplyErrors {

  private static final String NO_HANDLERS_PREFIX = "No handlers for address ";

  private ReplyErrors() {
  }

  /**
   * @param failure the failure of a request to {@code dhii.cap.<id>}
   * @param capabilityId the capability called, or null to read it from a NO_HANDLERS message
   * @param requestId the request id sent, or null
   * @return the failure as the caller sees it; the request id and plugin id of the error body win
   */
  public static DhiiCallException decode(ReplyException failure, String capabilityId, String requestId) {
    ReplyFailure type = failure.failureType();
    if (type == ReplyFailure.NO_HANDLERS) {
      String id = capabilityId != null ? capabilityId : capabilityOf(failure.getMessage());
      return new DhiiCallException(ErrorCode.NOT_FOUND, "Unknown capability: " + id, null, requestId, null, id, type);
    }
    if (type == ReplyFailure.TIMEOUT) {
      return new DhiiCallException(ErrorCode.TIMEOUT, "No reply before the deadline", null, requestId, null,
        capabilityId, type);
    }
    JsonObject error = errorBody(failure.getMessage());
    if (error != null) {
      try {
        ErrorCode code = ErrorCode.valueOf(error.getString("code", ErrorCode.INTERNAL.name()));
        return new DhiiCallException(code, error.getString("message", ""), error.getJsonObject("details"),
          error.getString("requestId", requestId), error.getString("pluginId"),
          error.getString("capabilityId", capabilityId), type);
      } catch (IllegalArgumentException | ClassCastException ignored) {
        // not the runtime's error body: reported as it came, below
      }
    }
    return new DhiiCallException(ErrorCode.INTERNAL, "Remote failure " + failure.failureCode() + ": " + failure.getMessage(),
      null, requestId, null, capabilityId, type);
  }

  /**
   * @param failure a failed call that no node served
   * @param pluginId the plugin that served the capability before
   * @return the same failure as UNAVAILABLE: the cluster has served the capability, no node serves it now
   */
  public static DhiiCallException unavailable(DhiiCallException failure, String pluginId) {
    return new DhiiCallException(ErrorCode.UNAVAILABLE, "No node serves " + failure.capabilityId() + " now (plugin "
      + pluginId + ")", failure.details(), failure.requestId(), pluginId, failure.capabilityId(), failure.failureType());
  }

  private static JsonObject errorBody(String text) {
    if (text == null || !text.startsWith("{")) {
      return null;
    }
    try {
      Object error = new JsonObject(text).getValue("error");
      return error instanceof JsonObject json ? json : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  private static String capabilityOf(String message) {
    String address = message == null ? "" : message.startsWith(NO_HANDLERS_PREFIX)
      ? message.substring(NO_HANDLERS_PREFIX.length()) : message;
    return address.startsWith(Wire.CAPABILITY_PREFIX) ? address.substring(Wire.CAPABILITY_PREFIX.length()) : address;
  }
}
