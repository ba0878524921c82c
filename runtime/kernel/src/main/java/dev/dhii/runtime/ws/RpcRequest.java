package dev.dhii.runtime.ws;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;

/**
 * One JSON-RPC 2.0 request as read from a frame (or a batch element).
 *
 * @param id the request's id: a string, a number or null; meaningless for a notification
 * @param notification whether the request has no {@code id} member (it gets no response)
 * @param method the method's name
 * @param params a JsonObject, a JsonArray, or null when absent
 */
record RpcRequest(Object id, boolean notification, String method, Object params) {

  /**
   * @param message a decoded frame or batch element
   * @return the request
   * @throws RpcError -32600 Invalid Request when it is not a JSON-RPC 2.0 request object
   */
  static RpcRequest parse(Object message) {
    if (!(message instanceof JsonObject json)) {
      throw RpcError.invalidRequest("a request must be a JSON object");
    }
    if (json.containsKey("id") && !isId(json.getValue("id"))) {
      throw RpcError.invalidRequest("id must be a string, a number or null");
    }
    if (!"2.0".equals(json.getValue("jsonrpc"))) {
      throw RpcError.invalidRequest("jsonrpc must be \"2.0\"");
    }
    if (!(json.getValue("method") instanceof String method)) {
      throw RpcError.invalidRequest("method must be a string");
    }
    Object params = json.getValue("params");
    if (params != null && !(params instanceof JsonObject) && !(params instanceof JsonArray)) {
      throw RpcError.invalidRequest("params must be an object or an array");
    }
    return new RpcRequest(json.getValue("id"), !json.containsKey("id"), method, params);
  }

  /** @param message a decoded frame or batch element @return its id when one can be read, else null */
  static Object idOf(Object message) {
    return message instanceof JsonObject json && isId(json.getValue("id")) ? json.getValue("id") : null;
  }

  /**
   * @param id a request id
   * @return a key equal for equal JSON values ({@code 1} and {@code 1.0} alike) and distinct for {@code 1} and {@code "1"}
   */
  static String key(Object id) {
    if (id instanceof Number n) {
      return "n:" + new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return id == null ? "null" : "s:" + id;
  }

  /**
   * @return the params by name; absent params are an empty object
   * @throws RpcError -32602 when the params are an array
   */
  JsonObject named() {
    if (params instanceof JsonArray) {
      throw RpcError.invalidParams(method + " takes its params by name, as an object");
    }
    return params == null ? new JsonObject() : (JsonObject) params;
  }

  private static boolean isId(Object id) {
    return id == null || id instanceof String || id instanceof Number;
  }
}
