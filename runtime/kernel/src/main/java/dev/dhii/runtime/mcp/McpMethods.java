package dev.dhii.runtime.mcp;

import dev.dhii.runtime.cluster.ClusterView;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JSON-RPC methods besides {@code tools/call}: initialize, ping, tools/list, and the client's notifications. */
final class McpMethods {

  private static final Logger LOG = LoggerFactory.getLogger(McpMethods.class);
  static final String INSTRUCTIONS = "Each tool is a capability of the Dhii plugin runtime, named <plugin>.<capability>."
    + " Arguments are checked against the tool's inputSchema; a failed call is an isError result whose"
    + " structuredContent is {\"error\": {type, code, message, retryable, requestId, pluginId, capabilityId, details}}"
    + " (for VALIDATION, details.violations names each bad field by JSON pointer). Retry only when retryable is true."
    + " Tools appear and disappear as plugins are deployed, redeployed, enabled and disabled (notifications/tools/list_changed).";

  private final McpServer server;
  private final ClusterView view;

  McpMethods(McpServer server, ClusterView view) {
    this.server = server;
    this.view = view;
  }

  void initialize(RoutingContext rc, Object id, JsonObject params) {
    Object requested = params.getValue("protocolVersion");
    if (!(requested instanceof String)) {
      McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.INVALID_PARAMS, "params.protocolVersion must be a string", null));
      return;
    }
    String version = McpProtocol.VERSIONS.contains(requested) ? (String) requested : McpProtocol.VERSIONS.get(0);
    McpSession session = server.sessions().create(version);
    if (session == null) {
      LOG.warn("MCP initialize refused: {} sessions open (mcp.maxSessions)", server.options().maxSessions());
      McpEndpoint.reply(rc, 503, McpProtocol.error(id, McpProtocol.OVERLOADED, "Too many MCP sessions are open; try later", null));
      return;
    }
    JsonObject result = new JsonObject().put("protocolVersion", version)
      .put("capabilities", new JsonObject().put("tools", new JsonObject().put("listChanged", true)))
      .put("serverInfo", new JsonObject().put("name", "dhii").put("title", "Dhii plugin runtime").put("version", server.version()))
      .put("instructions", INSTRUCTIONS);
    rc.response().putHeader(McpProtocol.SESSION_HEADER, session.id());
    McpEndpoint.reply(rc, 200, McpProtocol.result(id, result));
  }

  void request(RoutingContext rc, McpSession session, Object id, String method, JsonObject params) {
    switch (method) {
      case "ping" -> McpEndpoint.reply(rc, 200, McpProtocol.result(id, new JsonObject()));
      case "tools/list" -> list(rc, id, params);
      default -> McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.METHOD_NOT_FOUND, "Method not found: " + method, null));
    }
  }

  private void list(RoutingContext rc, Object id, JsonObject params) {
    Object cursor = params.getValue("cursor");
    if (cursor != null && !(cursor instanceof String)) {
      McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.INVALID_PARAMS, "params.cursor must be a string", null));
      return;
    }
    view.capabilities().onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("MCP tools/list failed: {}", String.valueOf(ar.cause()));
        McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.INTERNAL_ERROR, "The capability listing failed", null));
        return;
      }
      try {
        McpEndpoint.reply(rc, 200, McpProtocol.result(id, McpTools.page(ar.result(), (String) cursor, server.options().pageSize())));
      } catch (IllegalArgumentException e) {
        McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.INVALID_PARAMS, e.getMessage(), null));
      }
    });
  }

  void notify(McpSession session, String method, JsonObject params) {
    switch (method) {
      case "notifications/initialized" -> session.initialized();
      case "notifications/cancelled" -> {
        Object requestId = params.getValue("requestId");
        if (McpProtocol.validId(requestId)) {
          session.cancel(McpEndpoint.idKey(requestId), params.getString("reason"));
        }
      }
      default -> { } // other notifications (progress, roots/list_changed) carry nothing this server uses
    }
  }
}
