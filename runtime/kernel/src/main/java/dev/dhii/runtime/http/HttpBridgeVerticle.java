package dev.dhii.runtime.http;

import dev.dhii.runtime.config.HttpEdgeOptions;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.Invoker;
import dev.dhii.runtime.kernel.KernelVerticle;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.ws.WebSocketBridge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP bridge (DESIGN §8): invocation, listings, health, metrics, the admin routes and the Dhii-Mail
 * compatibility routes, and the WebSocket upgrades of the JSON-RPC bridge (DESIGN §9).
 * Every error, including unknown routes, wrong methods and oversized bodies, is a typed JSON error body.
 */
public final class HttpBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpBridgeVerticle.class);
  /** The Prometheus text exposition format. */
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private java.util.List<RouteMount> mounts = java.util.List.of();
  private final String host;
  private final int port;
  private final long maxBodyBytes;
  private final Invoker invoker;
  private final PluginRegistry registry;
  private final HealthChecks health;
  private final KernelVerticle kernel;
  private final Authenticator authenticator;
  private final WebSocketBridge webSocket;
  private final Supplier<String> metrics;
  private final ClusterView view;
  private final HttpEdge edge;
  private HttpServer server;
  private ConnectionGuard connections;

  /**
   * @param host bind address
   * @param port port
   * @param maxBodyBytes the largest body read at all
   * @param invoker how calls reach a plugin
   * @param registry the local registry, for listings
   * @param health the plugins' health procedures
   * @param kernel the kernel, for the admin routes
   * @param authenticator checks the bearer tokens of the admin routes
   * @param webSocket the JSON-RPC bridge upgraded at {@value WebSocketBridge#PATH}
   * @param metrics the Prometheus text served at {@code GET /metrics}, or null to serve none
   * @param view the plugin and capability listings (cluster-wide when clustered)
   */
  public HttpBridgeVerticle(String host, int port, long maxBodyBytes, Invoker invoker, PluginRegistry registry,
                            HealthChecks health, KernelVerticle kernel, Authenticator authenticator, WebSocketBridge webSocket,
                            Supplier<String> metrics, ClusterView view) {
    this(host, port, maxBodyBytes, invoker, registry, health, kernel, authenticator, webSocket, metrics, view,
      HttpEdge.defaults(maxBodyBytes));
  }

  /**
   * @param host bind address
   * @param port port
   * @param maxBodyBytes the largest body read at all
   * @param invoker how calls reach a plugin
   * @param registry the local registry, for listings
   * @param health the plugins' health procedures
   * @param kernel the kernel, for the admin routes
   * @param authenticator checks the bearer tokens of the admin routes
   * @param webSocket the JSON-RPC bridge upgraded at {@value WebSocketBridge#PATH}
   * @param metrics the Prometheus text served at {@code GET /metrics}, or null to serve none
   * @param view the plugin and capability listings (cluster-wide when clustered)
   * @param edge the connection, timing and buffering bounds, shared by every instance of this verticle
   */
  public HttpBridgeVerticle(String host, int port, long maxBodyBytes, Invoker invoker, PluginRegistry registry,
                            HealthChecks health, KernelVerticle kernel, Authenticator authenticator, WebSocketBridge webSocket,
                            Supplier<String> metrics, ClusterView view, HttpEdge edge) {
    this.edge = edge;
    this.host = host;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
    this.invoker = invoker;
    this.registry = registry;
    this.health = health;
    this.kernel = kernel;
    this.authenticator = authenticator;
    this.webSocket = webSocket;
    this.metrics = metrics;
    this.view = view;
  }

  /**
   * @param more routes of other areas, mounted after the bridge's own
   * @return this
   */
  public HttpBridgeVerticle routes(java.util.List<RouteMount> more) {
    this.mounts = java.util.List.copyOf(more);
    return this;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    connections = new ConnectionGuard(vertx, edge);
    router.route().handler(connections::track);
    router.route().handler(new BodyReader(vertx, edge));
    // the admin operations (redeploy, disable, enable, rescan) need the admin role; their handlers follow the guard
    router.post("/v1/plugins/:id/:action").handler(AdminGuard.create(authenticator));
    router.post("/v1/plugins/rescan").handler(AdminGuard.create(authenticator));
    new InvokeRoutes(invoker).mount(router);
    new InfoRoutes(registry, health, view).disclosure(authenticator).mount(router);
    new AdminRoutes(kernel).mount(router);
    mounts.forEach(m -> m.mount(vertx, router));
    if (metrics != null) {
      router.get("/metrics").handler(rc -> rc.response().putHeader("content-type", METRICS_CONTENT_TYPE).end(metrics.get()));
    }
    router.errorHandler(404, rc -> fail(rc, ErrorCode.NOT_FOUND, "No route " + rc.request().method() + " " + rc.request().path()));
    router.errorHandler(405, rc -> HttpReplies.json(rc, 405, new CallFailure(CallError.of(ErrorCode.NOT_FOUND, "Method "
      + rc.request().method() + " is not allowed on " + rc.request().path()), null, null, null).toBody()));
    router.errorHandler(413, rc -> fail(rc, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than "
      + maxBodyBytes + " bytes"));
    router.errorHandler(400, rc -> fail(rc, ErrorCode.VALIDATION, "Bad request"));
    router.errorHandler(500, rc -> {
      LOG.error("HTTP handler failed on {} {}", rc.request().method(), rc.request().path(), rc.failure());
      fail(rc, ErrorCode.INTERNAL, "Internal error");
    });
    server = vertx.createHttpServer(webSocket.configure(serverOptions()));
    return server.connectionHandler(connections::opened)
      .invalidRequestHandler(InvalidRequests::answer)
      .exceptionHandler(e -> LOG.debug("HTTP connection failed: {}", String.valueOf(e)))
      .requestHandler(router)
      .webSocketHandshakeHandler(handshake -> {
        connections.upgrading(handshake.remoteAddress());
        webSocket.handshake(handshake);
      })
      .listen();
  }

  private HttpServerOptions serverOptions() {
    HttpEdgeOptions o = edge.options();
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(false)
      // HTTP/1.1 only: no h2c upgrade or prior knowledge, whose streams would escape the per-request bounds
      .setHttp2ClearTextEnabled(false)
      .setMaxInitialLineLength(o.maxInitialLineBytes()).setMaxHeaderSize(o.maxHeaderBytes())
      .setHandle100ContinueAutomatically(false);
    if (o.idleTimeoutMs() > 0) {
      options.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, o.idleTimeoutMs())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    if (o.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(o.tlsCertPath()).setKeyPath(o.tlsKeyPath()));
    }
    return options;
  }

  private static void fail(RoutingContext rc, ErrorCode code, String message) {
    HttpReplies.error(rc, code, message, null, null);
  }

  /** @return the port actually bound */
  public int actualPort() {
    return server.actualPort();
  }
}
