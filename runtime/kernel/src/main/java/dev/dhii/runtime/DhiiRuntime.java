package dev.dhii.runtime;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.auth.Authenticators;
import dev.dhii.runtime.cluster.ClusterNodes;
import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.dispatch.Dispatcher;
import dev.dhii.runtime.dispatch.Invoker;
import dev.dhii.runtime.dispatch.PolicySwitches;
import dev.dhii.runtime.http.HttpBridgeVerticle;
import dev.dhii.runtime.http.HttpEdge;
import dev.dhii.runtime.limits.ByteBudget;
import dev.dhii.runtime.kernel.KernelVerticle;
import dev.dhii.runtime.kernel.HealthDocuments;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.resilience.RateLimiter;
import dev.dhii.runtime.tcp.BridgeAccess;
import dev.dhii.runtime.tcp.TcpBridgeVerticle;
import dev.dhii.runtime.telemetry.InstrumentedCalls;
import dev.dhii.runtime.telemetry.Telemetry;
import dev.dhii.runtime.ws.WebSocketBridge;
import io.vertx.core.Closeable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.healthchecks.HealthChecks;


/**
 * A running Dhii runtime on a Vert.x instance: the kernel verticle (plugins, event bus capabilities),
 * the HTTP bridge with its WebSocket endpoint, and the TCP event bus bridge; on a clustered Vert.x
 * instance it also answers the other nodes' listings. {@code dhii serve} and the tests start it the
 * same way.
 */
public final class DhiiRuntime {

  private final Vertx vertx;
  private final RuntimeOptions options;
  private final PluginRegistry registry;
  private final Dispatcher dispatcher;
  private final Invoker invoker;
  private final HealthChecks health;
  private final Authenticator authenticator;
  private final Telemetry telemetry;
  private final boolean ownsTelemetry;
  private final InstrumentedCalls calls;
  private final ClusterView view;
  /** What requests in progress may buffer, on every transport that is handed it. */
  private final ByteBudget bufferedBytes;
  private HttpEdge httpEdge;
  private KernelVerticle kernel;
  private String kernelDeployment;
  private String httpDeployment;
  private String tcpDeployment;
  private int httpPort;
  private int tcpBridgePort = -1;
  private int processBridgePort = -1;
  private volatile String tcpBridgeSocket;
  private final long sweepTimer;
  private final Closeable closeHook = completion -> stop().onComplete(completion);
  private Future<Void> stopped;

  private DhiiRuntime(Vertx vertx, RuntimeOptions options, Telemetry telemetry, boolean ownsTelemetry) {
    this.vertx = vertx;
    this.options = options;
    this.bufferedBytes = new ByteBudget(options.bufferedBytesBudget());
    this.registry = new PluginRegistry();
    RateLimiter rateLimiter = RateLimiter.create(System::nanoTime);
    this.authenticator = Authenticators.fromOptions(vertx, options);
    if (!authenticator.configured()) {
      org.slf4j.LoggerFactory.getLogger(DhiiRuntime.class).warn("no JWT key usable (auth.jwt): bearer tokens are refused"
        + " and the admin routes refuse every request");
    }
    this.telemetry = telemetry;
    this.ownsTelemetry = ownsTelemetry;
    this.calls = telemetry.instrument(registry);
    this.dispatcher = new Dispatcher(vertx, registry, rateLimiter, authenticator, calls,
      PolicySwitches.fromJson(options.toJson().getJsonObject("dispatch")));
    registry.assembleWith(dispatcher::assemble);
    this.invoker = new Invoker(vertx, registry, dispatcher, options.defaultResources().timeoutMs(),
      options.clusterReplyGraceMs());
    this.health = HealthChecks.create(vertx);
    this.view = ClusterView.create(vertx, registry, options.clusterInfoTimeoutMs());
    this.sweepTimer = vertx.setPeriodic(60_000, t -> rateLimiter.sweep());
  }

  /**
   * Starts the runtime with telemetry of its own built from {@code options} (closed by {@link #stop()});
   * its calls are traced, but Vert.x's HTTP and event bus spans need the telemetry given to
   * {@link VertxFactory} too: see the other overload.
   *
   * @param vertx the Vert.x instance (clustered or not)
   * @param options the settings
   * @return the running runtime, once the bridges' ports are bound
   */
  public static Future<DhiiRuntime> start(Vertx vertx, RuntimeOptions options) {
    Telemetry telemetry;
    try {
      telemetry = Telemetry.create(options.telemetry());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return start(vertx, options, telemetry, true);
  }

  /**
   * Starts the kernel (which loads every plugin), then the HTTP bridge, then the TCP bridge (when enabled).
   *
   * @param vertx the Vert.x instance, built by {@link VertxFactory} with the same telemetry
   * @param options the settings
   * @param telemetry tracing and metrics; the caller closes it after {@link #stop()}
   * @return the running runtime, once the bridges' ports are bound
   */
  public static Future<DhiiRuntime> start(Vertx vertx, RuntimeOptions options, Telemetry telemetry) {
    return start(vertx, options, telemetry, false);
  }

  private static Future<DhiiRuntime> start(Vertx vertx, RuntimeOptions options, Telemetry telemetry, boolean owned) {
    DhiiRuntime runtime = new DhiiRuntime(vertx, options, telemetry, owned);
    // closing Vert.x stops the runtime first, as stop() does: consumers withdrawn and calls drained before
    // Vert.x undeploys the plugins (a clustered node that is closed leaves without failing calls)
    ((VertxInternal) vertx).addCloseHook(runtime.closeHook);
    return runtime.deploy().map(runtime);
  }

  private Future<Void> deploy() {
    int port = HttpAreas.port(options);
    java.util.List<HttpBridgeVerticle> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
    int instances = options.httpInstances() > 0 ? options.httpInstances() : Math.max(1, Runtime.getRuntime().availableProcessors());
    kernel = new KernelVerticle(options, registry, dispatcher, health, () -> processBridgePort)
      .bridgeSocket(() -> tcpBridgeSocket);
    httpEdge = new HttpEdge(options.httpEdge(), options.httpMaxBodyBytes(), bufferedBytes);
    WebSocketBridge webSocket = new WebSocketBridge(invoker, authenticator, new HealthDocuments(health), view,
      options.webSocket(), bufferedBytes);
    // the MCP endpoint, the OpenAPI document and the operator console beside the bridge's own routes
    java.util.List<dev.dhii.runtime.http.RouteMount> routes = HttpAreas.routes(options, invoker, view, authenticator, calls,
      registry, webSocket);
    // temporary directories of runtimes killed before they could remove them (the process sandbox's slow
    // checks wait for the first process plugin: PluginDeployer.load)
    Future<Void> swept = vertx.executeBlocking(() -> {
      dev.dhii.runtime.kernel.OwnedTempDirs.sweep();
      return null;
    }, false).mapEmpty();
    // the TCP bridge first: process plugins connect to it while the kernel loads them
    Future<Void> bridge = swept.compose(s -> options.tcpBridgeEnabled() ? deployTcpBridge() : Future.succeededFuture());
    return bridge.compose(b -> vertx.deployVerticle(kernel))
      .compose(id -> {
        kernelDeployment = id;
        return view.start();
      })
      .compose(v -> vertx.deployVerticle(() -> {
          HttpBridgeVerticle server = new HttpBridgeVerticle(options.httpHost(), port, options.httpMaxBodyBytes(),
            invoker, registry, health, kernel, authenticator, webSocket, calls.metricsEnabled() ? calls::scrape : null, view,
            httpEdge).routes(routes);
          servers.add(server);
          return server;
        },
        new DeploymentOptions().setInstances(instances)))
      .compose(id -> {
        httpDeployment = id;
        httpPort = servers.get(0).actualPort();
        return Future.<Void>succeededFuture();
      });
  }

  private Future<Void> deployTcpBridge() {
    TcpBridgeVerticle bridge = new TcpBridgeVerticle(options.tcpBridge().setHost(options.tcpBridgeHost())
      .setPort(options.tcpBridgePort()).setMaxFrameBytes(options.tcpBridgeMaxFrameBytes())
      .setDefaultTimeoutMs(options.defaultResources().timeoutMs()).setReplyGraceMs(options.clusterReplyGraceMs()),
      BridgeAccess.capabilities().withProcessPluginAddresses(Addresses.PROCESS_ANNOUNCE_REGEX, Addresses.PROCESS_CALLS_REGEX), bufferedBytes);
    return vertx.deployVerticle(bridge).map(id -> {
      tcpDeployment = id;
      tcpBridgePort = bridge.actualPort();
      processBridgePort = bridge.processPort();
      tcpBridgeSocket = bridge.pluginSocket();
      return null;
    });
  }

  /** @return the budget of bytes buffered for requests in progress, shared by the transports */
  public ByteBudget bufferedBytes() {
    return bufferedBytes;
  }

  /** @return the HTTP server's bounds and open connection count (null before the server is deployed) */
  public HttpEdge httpEdge() {
    return httpEdge;
  }

  /** @return the port the HTTP bridge listens on */
  public int httpPort() {
    return httpPort;
  }

  /** @return the port the TCP event bus bridge listens on, or -1 when it is disabled */
  public int tcpBridgePort() {
    return tcpBridgePort;
  }

  /** @return the port process plugins reach the TCP bridge on (a plain loopback listener when the bridge serves TLS), or -1 */
  public int processBridgePort() {
    return processBridgePort;
  }

  /** @return this node's cluster node id ({@value ClusterNodes#LOCAL} when not clustered) */
  public String nodeId() {
    return ClusterNodes.self(vertx);
  }

  /** @return the plugin and capability listings (cluster-wide when clustered) */
  public ClusterView view() {
    return view;
  }

  /** @return the kernel: redeploy, disable, enable */
  public KernelVerticle kernel() {
    return kernel;
  }

  /** @return the plugin registry */
  public PluginRegistry registry() {
    return registry;
  }

  /** @return the local dispatcher */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** @return the invoker the bridges use */
  public Invoker invoker() {
    return invoker;
  }

  /** @return how bearer tokens are checked */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** @return the plugins' health procedures */
  public HealthChecks health() {
    return health;
  }

  /** @return tracing and metrics */
  public Telemetry telemetry() {
    return telemetry;
  }

  /** @return the call instrumentation (spans, /metrics) */
  public InstrumentedCalls calls() {
    return calls;
  }

  /** @return the settings */
  public RuntimeOptions options() {
    return options;
  }

  /** @return the Vert.x instance */
  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops the HTTP bridge, then unloads the plugins in reverse start order, then stops the TCP bridge
   * (which process plugins are stopped through) and the kernel (and closes the telemetry if the runtime
   * built it). Closing the Vert.x instance does the same first; calling it again returns the same Future.
   *
   * @return completes when everything is stopped
   */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      stopped = stopOnce();
    }
    return stopped;
  }

  private Future<Void> stopOnce() {
    ((VertxInternal) vertx).removeCloseHook(closeHook);
    vertx.cancelTimer(sweepTimer);
    Future<Void> http = (httpDeployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(httpDeployment))
      .eventually(view::close);
    // the TCP bridge outlives the plugins: process plugins are asked to shut down through it
    Future<Void> unloaded = kernelDeployment == null ? http : http.eventually(kernel::shutdown);
    Future<Void> tcp = unloaded.eventually(() -> tcpDeployment == null ? Future.succeededFuture() : vertx.undeploy(tcpDeployment));
    Future<Void> done = (kernelDeployment == null ? tcp : tcp.eventually(() -> vertx.undeploy(kernelDeployment)))
      .andThen(ar -> dispatcher.close());
    return ownsTelemetry ? done.eventually(() -> vertx.executeBlocking(() -> {
      telemetry.close();
      return null;
    })) : done;
  }
}
