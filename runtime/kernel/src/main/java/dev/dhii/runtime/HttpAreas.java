package dev.dhii.runtime;

import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.console.ConsoleRoutes;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.dispatch.Invoker;
import dev.dhii.runtime.http.RouteMount;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.mcp.McpServer;
import dev.dhii.runtime.openapi.OpenApiRoutes;
import dev.dhii.runtime.telemetry.InstrumentedCalls;
import dev.dhii.runtime.ws.WebSocketBridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the HTTP server is put together: the port its instances bind, and the areas it serves beside its own routes, in mount order: the MCP endpoint at {@code /mcp} (when
 * {@code mcp.enabled}), the OpenAPI document and its page ({@code /openapi.json}, {@code /docs}), and the operator
 * console at {@code /ui} with its live numbers and the access log (when {@code logging.accessLog}).
 */
final class HttpAreas {

  /** Negative HTTP ports handed out, one per runtime started on port 0. */
  private static final AtomicInteger SHARED_PORT_KEYS = new AtomicInteger();

  private HttpAreas() {
  }

  /**
   * Port 0: a negative port is one port the OS picks at bind time, shared by every instance of this runtime's
   * HTTP server (probing a free port and binding it later raced other sockets for it); each runtime takes a
   * negative value of its own, so two runtimes on one Vert.x never share a server.
   *
   * @param options the settings
   * @return the port every HTTP verticle instance of one runtime binds
   */
  static int port(RuntimeOptions options) {
    return options.httpPort() == 0 ? -1 - (SHARED_PORT_KEYS.getAndIncrement() & 0xffff) : options.httpPort();
  }

  static List<RouteMount> routes(RuntimeOptions options, Invoker invoker, ClusterView view, Authenticator authenticator,
                                 InstrumentedCalls calls, PluginRegistry registry, WebSocketBridge webSocket) {
    List<RouteMount> routes = new ArrayList<>();
    if (options.mcp().enabled()) {
      routes.add(new McpServer(invoker, view, options.mcp(), Objects.requireNonNullElse(
        DhiiRuntime.class.getPackage().getImplementationVersion(), "dev")).mount());
    }
    routes.add(new OpenApiRoutes(view, authenticator));
    routes.add(ConsoleRoutes.create(calls, registry, webSocket::subscribedTopics, options.logging()));
    return routes;
  }
}
