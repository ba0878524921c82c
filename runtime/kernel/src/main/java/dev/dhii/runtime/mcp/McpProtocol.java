package dev.dhii.runtime.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The protocol's fixed parts: versions, headers, JSON-RPC codes and message shapes. */
final class McpProtocol {

  /** Revisions served, newest first; the first is what a client asking for another one gets. */
  static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
  /** What a request without {@code MCP-Protocol-Version} is taken to speak (the header came with 2025-06-18). */
  static final String VERSION_WITHOUT_HEADER = "2025-03-26";
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  /** The 2026-07-28 revision's UnsupportedProtocolVersionError, answered to its {@code server/discover} probe. */
  static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
  /** No room for another session (DESIGN §7's OVERLOADED). */
  static final int OVERLOADED = -32054;

  private McpProtocol() {
  }

  /** @param id the request's id @param result its result @return the response */
  static JsonObject result(Object id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  /**
   * @param id the request's id, or null when it could not be read
   * @param code the JSON-RPC code
   * @param message what went wrong
   * @param data more, or null
   * @return the error response
   */
  static JsonObject error(Object id, int code, String message, Object data) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (data != null) {
      error.put("data", data);
    }
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", error);
  }

  /** @param method the notification @param params its parameters @return the notification */
  static JsonObject notification(String method, JsonObject params) {
    JsonObject message = new JsonObject().put("jsonrpc", "2.0").put("method", method);
    return params == null ? message : message.put("params", params);
  }

  /** @return the data of an UnsupportedProtocolVersionError: the revisions served */
  static JsonObject supported(String requested) {
    return new JsonObject().put("supported", new JsonArray(VERSIONS)).put("requested", requested);
  }

  /** @param id a JSON-RPC id @return whether it is one (a string or an integer; null is not) */
  static boolean validId(Object id) {
    return id instanceof String || id instanceof Integer || id instanceof Long;
  }
}
