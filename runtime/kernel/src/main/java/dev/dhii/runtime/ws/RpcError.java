package dev.dhii.runtime.ws;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import io.vertx.core.json.JsonObject;

/**
 * A JSON-RPC error object: {@code {"code", "message", "data"}}. A failed call carries the runtime's
 * error object ({@code CallFailure.toBody().error}) as {@code data} and its code's
 * {@link ErrorCode#jsonRpcCode()}; the protocol's own errors (parse error, invalid request) carry no
 * data. Stackless: it is an answer, not a bug.
 */
final class RpcError extends RuntimeException {

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;

  private final int code;
  private final JsonObject data;

  private RpcError(int code, String message, JsonObject data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  /** @param detail what the decoder said @return -32700 Parse error */
  static RpcError parse(String detail) {
    return new RpcError(PARSE_ERROR, "Parse error: " + detail, null);
  }

  /** @param detail what is wrong with the request @return -32600 Invalid Request */
  static RpcError invalidRequest(String detail) {
    return new RpcError(INVALID_REQUEST, "Invalid Request: " + detail, null);
  }

  /** @param method the unknown method @return -32601 Method not found, with a NOT_FOUND error object */
  static RpcError methodNotFound(String method) {
    return of(ErrorCode.NOT_FOUND, "Method not found: " + method, null);
  }

  /** @param detail what is wrong with the params @return -32602 Invalid params, with a VALIDATION error object */
  static RpcError invalidParams(String detail) {
    return of(ErrorCode.VALIDATION, "Invalid params: " + detail, null);
  }

  /**
   * @param code the runtime's error code
   * @param message the message
   * @param capabilityId the capability concerned, or null
   * @return the error with its JSON-RPC code and the runtime's error object
   */
  static RpcError of(ErrorCode code, String message, String capabilityId) {
    return of(new CallFailure(CallError.of(code, message), null, null, capabilityId));
  }

  /** @param failure a failed call @return its JSON-RPC form */
  static RpcError of(CallFailure failure) {
    return new RpcError(failure.error().code().jsonRpcCode(), failure.error().message(),
      failure.toBody().getJsonObject("error"));
  }

  /** @param failure any failure of a method @return its JSON-RPC form (INTERNAL when it is neither an RpcError nor a CallFailure) */
  static RpcError from(Throwable failure) {
    if (failure instanceof RpcError e) {
      return e;
    }
    return of(CallFailure.of(failure, null, null));
  }

  /** @return the JSON-RPC error code */
  int code() {
    return code;
  }

  /** @return the runtime's error object, or null */
  JsonObject data() {
    return data;
  }

  /** @return {@code {"code", "message"[, "data"]}} */
  JsonObject toJson() {
    JsonObject json = new JsonObject().put("code", code).put("message", getMessage());
    return data == null ? json : json.put("data", data);
  }
}
