package dev.dhii.runtime.mcp;

import dev.dhii.runtime.json.StrictJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /mcp} on one HTTP verticle instance: the Streamable HTTP transport. POST carries one JSON-RPC
 * message (a request gets {@code application/json}, or an SSE stream for {@code tools/call}; a
 * notification or response gets 202); GET opens the session's notification stream; DELETE ends the
 * session. Refusals, as the specification has them: a bad Origin 403, a missing session id 400, an
 * unknown or expired one 404, an unsupported {@code MCP-Protocol-Version} 400, a wrong Accept 406, a
 * wrong Content-Type 415, any other method 405, a batch or an unparsable body 400 with a JSON-RPC error.
 */
final class McpEndpoint {

  /** Where the HTTP bridge's body reader leaves the body it read (see http.BodyReader). */
  private static final String BODY = "dhii.body";

  private final McpServer server;

  McpEndpoint(McpServer server) {
    this.server = server;
  }

  void mount(Vertx vertx, Router router) {
    router.route(McpServer.PATH).handler(this::handle);
    long sweep = Math.max(1000, Math.min(60_000, server.options().sessionIdleTimeoutMs() / 4));
    vertx.setPeriodic(sweep, t -> server.sessions().sweep());
    if (server.options().keepAliveMs() > 0) {
      vertx.setPeriodic(server.options().keepAliveMs(), t -> server.sessions().all()
        .forEach(s -> s.streams().forEach(SseStream::keepAlive)));
    }
    server.listen(vertx, this);
  }

  private void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (!server.originAllowed(request.getHeader("origin"))) {
      reply(rc, 403, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Origin not allowed", null));
      return;
    }
    HttpMethod method = request.method();
    if (method == HttpMethod.POST) {
      post(rc);
    } else if (method == HttpMethod.GET) {
      get(rc);
    } else if (method == HttpMethod.DELETE) {
      delete(rc);
    } else {
      rc.response().putHeader("allow", "GET, POST, DELETE");
      reply(rc, 405, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Method " + method + " is not supported on /mcp", null));
    }
  }

  private void post(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (!accepts(request.getHeader("accept"), "application/json") || !accepts(request.getHeader("accept"), "text/event-stream")) {
      reply(rc, 406, McpProtocol.error(null, McpProtocol.INVALID_REQUEST,
        "Accept must list application/json and text/event-stream", null));
      return;
    }
    String type = request.getHeader("content-type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      reply(rc, 415, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Content-Type must be application/json", null));
      return;
    }
    Object parsed;
    try {
      Buffer body = rc.get(BODY);
      parsed = StrictJson.parse(body == null ? Buffer.buffer() : body);
    } catch (RuntimeException e) {
      reply(rc, 400, McpProtocol.error(null, McpProtocol.PARSE_ERROR, "Parse error: the body is not one JSON value", null));
      return;
    }
    if (parsed instanceof JsonArray) {
      reply(rc, 400, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Batches are not supported", null));
      return;
    }
    if (!(parsed instanceof JsonObject message) || !"2.0".equals(message.getValue("jsonrpc"))) {
      reply(rc, 400, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Not a JSON-RPC 2.0 message", null));
      return;
    }
    Object id = message.getValue("id");
    Object method = message.getValue("method");
    boolean hasId = message.containsKey("id");
    if (method == null && hasId && (message.containsKey("result") || message.containsKey("error"))) {
      rc.response().setStatusCode(202).end(); // a response: this server sends no requests, nothing waits for it
      return;
    }
    if (!(method instanceof String name) || hasId && !McpProtocol.validId(id)) {
      reply(rc, 400, McpProtocol.error(McpProtocol.validId(id) ? id : null, McpProtocol.INVALID_REQUEST,
        "A request needs a string method and a string or integer id", null));
      return;
    }
    Object params = message.getValue("params", new JsonObject());
    if (!(params instanceof JsonObject p)) {
      reply(rc, hasId ? 200 : 400, McpProtocol.error(hasId ? id : null, McpProtocol.INVALID_PARAMS, "params must be an object", null));
      return;
    }
    String version = request.getHeader(McpProtocol.VERSION_HEADER);
    if (version != null && !McpProtocol.VERSIONS.contains(version) || "server/discover".equals(name)) {
      reply(rc, 400, McpProtocol.error(hasId ? id : null, McpProtocol.UNSUPPORTED_PROTOCOL_VERSION,
        "Unsupported protocol version; this server speaks " + McpProtocol.VERSIONS, McpProtocol.supported(version)));
      return;
    }
    if ("initialize".equals(name) && hasId) {
      server.methods().initialize(rc, id, p);
      return;
    }
    McpSession session = session(rc);
    if (session == null) {
      return;
    }
    if (!hasId) {
      server.methods().notify(session, name, p);
      rc.response().setStatusCode(202).end();
    } else if ("tools/call".equals(name)) {
      server.calls().call(rc, session, id, p, new SseStream(rc.response(), Vertx.currentContext(), this));
    } else {
      server.methods().request(rc, session, id, name, p);
    }
  }

  private void get(RoutingContext rc) {
    if (!accepts(rc.request().getHeader("accept"), "text/event-stream")) {
      reply(rc, 406, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Accept must list text/event-stream", null));
      return;
    }
    McpSession session = session(rc);
    if (session == null) {
      return;
    }
    SseStream stream = new SseStream(rc.response(), Vertx.currentContext(), this);
    stream.open(() -> session.removeStream(stream));
    session.addStream(stream);
  }

  private void delete(RoutingContext rc) {
    McpSession session = session(rc);
    if (session != null) {
      server.sessions().remove(session.id(), "session ended by the client");
      rc.response().setStatusCode(200).end();
    }
  }

  /** @return the request's session, or null once the refusal is sent */
  private McpSession session(RoutingContext rc) {
    String id = rc.request().getHeader(McpProtocol.SESSION_HEADER);
    if (id == null || id.isBlank()) {
      reply(rc, 400, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Mcp-Session-Id is required: initialize first", null));
      return null;
    }
    McpSession session = server.sessions().get(id.trim());
    if (session == null) {
      reply(rc, 404, McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Unknown or expired session: initialize again", null));
    }
    return session;
  }

  private static boolean accepts(String accept, String type) {
    if (accept == null) {
      return false;
    }
    String lower = accept.toLowerCase(java.util.Locale.ROOT);
    return lower.contains(type) || lower.contains("*/*");
  }

  /** @param id a JSON-RPC id @return a key that tells {@code 1} from {@code "1"} */
  static String idKey(Object id) {
    return (id instanceof String ? "s:" : "n:") + id;
  }

  /** Answers one JSON body. */
  static void reply(RoutingContext rc, int status, JsonObject body) {
    if (!rc.response().ended()) {
      rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
    }
  }
}
