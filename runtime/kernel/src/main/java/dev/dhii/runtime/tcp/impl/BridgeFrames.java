package dev.dhii.runtime.tcp.impl;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The frames of the TCP bridge protocol that {@link FrameGuard} judges and writes itself: whether a client's
 * frame has the shape the bridge handles, and the typed error frame of a refused request.
 */
public final class BridgeFrames {

  private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");

  private BridgeFrames() {
  }

  /** @return null for a frame the bridge handles, else what is wrong with it (or the protocol's error code) */
  static String problemOf(Object decoded) {
    if (!(decoded instanceof JsonObject frame)) {
      return "the frame is not a JSON object";
    }
    if (!(frame.getValue("type") instanceof String type) || !TYPES.contains(type)) {
      return "unknown_type";
    }
    if (!type.equals("ping") && frame.getValue("address") == null) {
      return "missing_address";
    }
    for (String key : new String[] {"address", "replyAddress", "message"}) {
      if (frame.getValue(key) != null && !(frame.getValue(key) instanceof String)) {
        return key + " must be a string";
      }
    }
    if (frame.getValue("failureCode") != null && !(frame.getValue("failureCode") instanceof Integer)) {
      return "failureCode must be an integer";
    }
    Object headers = frame.getValue("headers");
    if (headers != null && !(headers instanceof JsonObject)) {
      return "headers must be an object";
    }
    if (headers != null) {
      for (var header : (JsonObject) headers) {
        Object value = header.getValue();
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
          return "header " + header.getKey() + " must be a string, a number or a boolean";
        }
      }
    }
    return null;
  }

  /**
   * The frame of a refused request, in the shape of a failed one: {@code {"type": "err", "address": replyAddress,
   * "sourceAddress": address, "failureCode": <HTTP status>, "failureType": "RECIPIENT_FAILURE", "message":
   * <the error body of DESIGN §7, encoded>}}.
   *
   * @param code the error
   * @param message what to tell the caller
   * @param replyAddress the request's reply address, or null
   * @param sourceAddress the address the request was for, or null
   * @param requestId the request's id, or null for a new one
   * @param capabilityId the capability concerned, or null
   * @return the frame
   */
  public static JsonObject typedError(ErrorCode code, String message, String replyAddress, String sourceAddress,
                                      String requestId, String capabilityId) {
    CallFailure failure = new CallFailure(CallError.of(code, message),
      CallRequest.requestIdOf(requestId), null, capabilityId);
    JsonObject frame = new JsonObject().put("type", "err");
    if (replyAddress != null) {
      frame.put("address", replyAddress);
    }
    if (sourceAddress != null) {
      frame.put("sourceAddress", sourceAddress);
    }
    return frame.put("failureCode", failure.status()).put("failureType", "RECIPIENT_FAILURE")
      .put("message", failure.toBody().encode());
  }

  /** @return the error frame answering a refused frame of the client (its reply address, request id and capability) */
  static JsonObject refusal(JsonObject frame, ErrorCode code, String message) {
    Object requestId = frame.getValue("headers") instanceof JsonObject h ? h.getValue(Addresses.HEADER_REQUEST_ID) : null;
    String address = frame.getString("address");
    return typedError(code, message, frame.getString("replyAddress"), address,
      requestId instanceof String id && !id.isBlank() && id.length() <= 200 ? id : null,
      address != null && address.startsWith(Addresses.CAPABILITY_PREFIX)
        ? address.substring(Addresses.CAPABILITY_PREFIX.length()) : null);
  }
}
