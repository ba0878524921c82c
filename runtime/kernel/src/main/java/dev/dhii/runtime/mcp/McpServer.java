package dev.dhii.runtime.mcp;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.config.McpOptions;
import dev.dhii.runtime.dispatch.Invoker;
import dev.dhii.runtime.http.RouteMount;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * The MCP endpoint at {@value #PATH}: state shared by every HTTP verticle instance (the sessions), and the
 * {@link RouteMount} that serves it on each. Each instance listens to {@code dhii.events} and tells the
 * notification streams it holds when the tool list changed.
 */
public final class McpServer {

  /** The endpoint's path. */
  public static final String PATH = "/mcp";
  /** The plugin events after which the tool list may differ. */
  static final Set<String> LIST_CHANGES = Set.of("plugin.ready", "plugin.redeployed", "plugin.enabled", "plugin.disabled",
    "plugin.failed", "plugin.unloaded");

  private final McpOptions options;
  private final McpSessions sessions;
  private final McpMethods methods;
  private final McpCalls calls;
  private final String version;

  /**
   * @param invoker how calls reach a plugin
   * @param view the capability listing (cluster-wide when clustered)
   * @param options the {@code mcp} settings
   * @param version the runtime's version, reported as the server's
   */
  public McpServer(Invoker invoker, ClusterView view, McpOptions options, String version) {
    this.options = options;
    this.version = version;
    this.sessions = new McpSessions(options.maxSessions(), options.sessionIdleTimeoutMs(), System::currentTimeMillis);
    this.methods = new McpMethods(this, view);
    this.calls = new McpCalls(invoker);
  }

  /** @return the mount serving {@value #PATH} on each HTTP verticle instance */
  public RouteMount mount() {
    return (vertx, router) -> new McpEndpoint(this).mount(vertx, router);
  }

  /** @return how many sessions are open */
  public int sessionCount() {
    return sessions.size();
  }

  /** Closes every session (their streams end, their calls are cancelled). */
  public void close() {
    sessions.closeAll();
  }

  /** Runs on each instance's context: list_changed to the streams that instance holds. */
  void listen(Vertx vertx, Object endpoint) {
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, message -> {
      Object type = message.body() == null ? null : message.body().getValue("type");
      if (!LIST_CHANGES.contains(type)) {
        return;
      }
      JsonObject changed = McpProtocol.notification("notifications/tools/list_changed", null);
      sessions.all().forEach(s -> s.streams().forEach(stream -> {
        if (stream.ownedBy(endpoint)) {
          stream.send(changed);
        }
      }));
    });
  }

  /**
   * DNS-rebinding protection: a request without Origin (not from a browser) passes; a browser's must be a
   * loopback origin or one of {@code mcp.allowedOrigins} ({@code "*"} allows any).
   */
  boolean originAllowed(String origin) {
    if (origin == null) {
      return true;
    }
    if (options.allowedOrigins().contains("*") || options.allowedOrigins().contains(origin)) {
      return true;
    }
    try {
      URI uri = new URI(origin);
      String host = uri.getHost();
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && host != null
        && (host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  McpOptions options() {
    return options;
  }

  McpSessions sessions() {
    return sessions;
  }

  McpMethods methods() {
    return methods;
  }

  McpCalls calls() {
    return calls;
  }

  String version() {
    return version;
  }
}
