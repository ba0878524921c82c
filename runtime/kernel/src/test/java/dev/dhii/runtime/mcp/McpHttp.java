package dev.dhii.runtime.mcp;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.concurrent.TimeUnit;

/** Raw Streamable HTTP exchanges with a test runtime's /mcp. */
final class McpHttp {

  private final DhiiRuntimeExtension dhii;

  McpHttp(DhiiRuntimeExtension dhii) {
    this.dhii = dhii;
  }

  static JsonObject request(Object id, String method, JsonObject params) {
    JsonObject message = new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method);
    return params == null ? message : message.put("params", params);
  }

  static JsonObject notification(String method, JsonObject params) {
    return new JsonObject().put("jsonrpc", "2.0").put("method", method).put("params", params);
  }

  static MultiMap headers(String session) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json")
      .add("accept", "application/json, text/event-stream").add("mcp-protocol-version", "2025-11-25");
    if (session != null) {
      headers.add("mcp-session-id", session);
    }
    return headers;
  }

  HttpResponse<Buffer> send(HttpMethod method, MultiMap headers, String body) {
    HttpRequest<Buffer> request = dhii.http().request(method, McpServer.PATH).putHeaders(headers);
    try {
      return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }

  HttpResponse<Buffer> post(String session, JsonObject message) {
    return send(HttpMethod.POST, headers(session), message.encode());
  }

  /** @return a new session's id */
  String initialize() {
    HttpResponse<Buffer> response = post(null, request(0, "initialize", new JsonObject().put("protocolVersion", "2025-11-25")
      .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "test").put("version", "1"))));
    String session = response.getHeader("mcp-session-id");
    if (response.statusCode() != 200 || session == null) {
      throw new AssertionError("initialize failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    post(session, new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    return session;
  }

  /** @return the one JSON-RPC message of a JSON or a finished SSE response (the last SSE message) */
  static JsonObject message(HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    if (!String.valueOf(response.getHeader("content-type")).startsWith("text/event-stream")) {
      return new JsonObject(body);
    }
    JsonObject last = null;
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        last = new JsonObject(line.substring(6));
      }
    }
    if (last == null) {
      throw new AssertionError("no message in the stream: " + body);
    }
    return last;
  }
}
