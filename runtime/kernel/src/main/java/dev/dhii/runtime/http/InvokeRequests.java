package dev.dhii.runtime.http;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import io.vertx.core.buffer.Buffer;
import dev.dhii.runtime.json.StrictJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns an HTTP request into a {@link CallRequest}: request id, timeout and token headers, content
 * type, and a body that must be one JSON object. Every malformed request gets its typed 400.
 */
final class InvokeRequests {

  private InvokeRequests() {
  }

  /**
   * @param rc the request, with its body read
   * @param capabilityId the capability to call
   * @param body the input bytes (the whole body, or null to read it from {@code rc})
   * @return the call
   * @throws CallFailure VALIDATION for a wrong content type, a malformed body or a bad timeout header
   */
  static CallRequest parse(RoutingContext rc, String capabilityId, Buffer body) {
    String requestId = CallRequest.requestIdOf(rc.request().getHeader("x-request-id"));
    String contentType = rc.request().getHeader("content-type");
    if (contentType != null && !isJson(contentType)) {
      throw invalid("Content-Type must be application/json, not " + contentType, requestId, capabilityId);
    }
    Buffer bytes = body != null ? body : BodyReader.body(rc);
    JsonObject input;
    try {
      input = parseObject(bytes);
    } catch (CallFailure f) {
      throw new CallFailure(f.error(), requestId, null, capabilityId);
    }
    String timeout = rc.request().getHeader("x-timeout-ms");
    Long timeoutMs = CallRequest.timeoutMsOf(timeout);
    if (timeoutMs != null && timeoutMs == CallRequest.INVALID_TIMEOUT) {
      throw invalid("X-Timeout-Ms must be a positive number of milliseconds: " + timeout, requestId, capabilityId);
    }
    return CallRequest.builder(capabilityId, input).requestId(requestId).timeoutMs(timeoutMs)
      .authorization(rc.request().getHeader("authorization")).payloadBytes(bytes == null ? 0 : bytes.length())
      .clientKey(rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().host()).build();
  }

  /**
   * @param bytes a request body
   * @return the body as one JSON object
   * @throws CallFailure VALIDATION when it is empty, malformed, or not an object
   */
  static JsonObject parseObject(Buffer bytes) {
    if (bytes == null || bytes.length() == 0) {
      throw invalid("The request body must be a JSON object; it is empty");
    }
    try {
      return StrictJson.parseObject(bytes);
    } catch (StrictJson.InvalidJsonException e) {
      throw malformed(e);
    }
  }

  /** @param e what the strict parser refused @return VALIDATION with the violation (pointer, offset) in its details */
  static CallFailure malformed(StrictJson.InvalidJsonException e) {
    String message = e.getMessage().startsWith("The JSON text must be")
      ? "The request body must be a JSON object" + e.getMessage().substring("The JSON text must be an object".length())
      : "Malformed JSON: " + e.getMessage() + (e.offset() >= 0 && !e.getMessage().contains(" at byte ")
        ? " (at byte " + e.offset() + ")" : "");
    return new CallFailure(new CallError(ErrorCode.VALIDATION, message,
      new JsonObject().put("violations", new JsonArray().add(e.toViolation().put("message", message))), null), null, null, null);
  }

  private static CallFailure invalid(String message) {
    return invalid(message, null, null);
  }

  private static CallFailure invalid(String message, String requestId, String capabilityId) {
    return new CallFailure(CallError.of(ErrorCode.VALIDATION, message), requestId, null, capabilityId);
  }

  private static boolean isJson(String contentType) {
    String type = contentType.toLowerCase();
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon);
    }
    type = type.trim();
    return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
  }
}
