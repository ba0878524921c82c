package dev.dhii.runtime;

import dev.dhii.runtime.auth.Authenticators;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.dispatch.Dispatcher;
import dev.dhii.runtime.dispatch.PolicySwitches;
import dev.dhii.runtime.dispatch.Invoker;
import dev.dhii.runtime.http.HttpBridgeVerticle;
import dev.dhii.runtime.kernel.KernelVerticle;
import dev.dhii.runtime.kernel.Listings;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.resilience.RateLimiter;
import dev.dhii.runtime.ws.WebSocketBridge;
import dev.dhii.runtime.telemetry.InstrumentedCalls;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A running Dhii runtime on a Vert.x instance: the kernel verticle (plugins, event bus capabilities)
 * and the HTTP bridge with its WebSocket endpoint. {@code dhii serve} and the tests start it the same way.
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
  private KernelVerticle kernel;
  private String kernelDeployment;
  private String httpDeployment;
  private int httpPort;
  private final long sweepTimer;

  private DhiiRuntime(Vertx vertx, RuntimeOptions options, Telemetry telemetry, boolean ownsTelemetry) {
    this.vertx = vertx;
    this.options = options;
    this.registry = new PluginRegistry();
    RateLimiter rateLimiter = RateLimiter.create(System::nanoTime);
    this.authenticator = Authenticators.fromOptions(vertx, options);
    if (!authenticator.configured()) {
      org.slf4j.LoggerFactory.getLogger(DhiiRuntime.class).warn("no JWT key configured (auth.jwt, DHII_JWT_SECRET): bearer "
        + "tokens are refused and the admin routes are open to whoever reaches {}:{}", options.httpHost(), options.httpPort());
    }
    this.telemetry = telemetry;
    this.ownsTelemetry = ownsTelemetry;
    this.calls = telemetry.instrument(registry);
    this.dispatcher = new Dispatcher(vertx, registry, rateLimiter, authenticator, calls,
      PolicySwitches.fromJson(options.toJson().getJsonObject("dispatch")));
    this.invoker = new Invoker(vertx, registry, dispatcher, options.defaultResources().timeoutMs());
    this.health = HealthChecks.create(vertx);
    this.sweepTimer = vertx.setPeriodic(60_000, t -> rateLimiter.sweep());
  }

  /**
   * Starts the kernel (which loads every plugin) and then the HTTP bridge, with telemetry of its own
   * built from {@code options} (closed by {@link #stop()}); its calls are traced, but Vert.x's HTTP and
   * event bus spans need the telemetry given to {@link VertxFactory} too: see the other overload.
   *
   * @param vertx the Vert.x instance (clustered or not)
   * @param options the settings
   * @return the running runtime, once the HTTP port is bound
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
   * Starts the kernel (which loads every plugin) and then the HTTP bridge.
   *
   * @param vertx the Vert.x instance, built by {@link VertxFactory} with the same telemetry
   * @param options the settings
   * @param telemetry tracing and metrics; the caller closes it after {@link #stop()}
   * @return the running runtime, once the HTTP port is bound
   */
  public static Future<DhiiRuntime> start(Vertx vertx, RuntimeOptions options, Telemetry telemetry) {
    return start(vertx, options, telemetry, false);
  }

  private static Future<DhiiRuntime> start(Vertx vertx, RuntimeOptions options, Telemetry telemetry, boolean owned) {
    DhiiRuntime runtime = new DhiiRuntime(vertx, options, telemetry, owned);
    return runtime.deploy().map(runtime);
  }

  private Future<Void> deploy() {
    int port = options.httpPort() == 0 ? freePort(options.httpHost()) : options.httpPort();
    int instances = options.httpInstances() > 0 ? options.httpInstances() : Math.max(1, Runtime.getRuntime().availableProcessors());
    kernel = new KernelVerticle(options, registry, dispatcher, health);
    WebSocketBridge webSocket = new WebSocketBridge(invoker, authenticator, new Listings(registry, health), options.webSocket());
    return vertx.deployVerticle(kernel)
      .compose(id -> {
        kernelDeployment = id;
        return vertx.deployVerticle(() -> new HttpBridgeVerticle(options.httpHost(), port, options.httpMaxBodyBytes(),
          invoker, registry, health, kernel, authenticator, webSocket, calls.metricsEnabled() ? calls::scrape : null),
          new DeploymentOptions().setInstances(instances));
      })
      .map(id -> {
        httpDeployment = id;
        httpPort = port;
        return null;
      });
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + host, e);
    }
  }

  /** @return the port the HTTP bridge listens on */
  public int httpPort() {
    return httpPort;
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

  /** @return the tracing and metrics */
  public Telemetry telemetry() {
    return telemetry;
  }

  /** @return the call instrumentation: the dispatcher's observer and the source of {@code GET /metrics} */
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
   * Stops the HTTP bridge, then unloads the plugins in reverse start order, then stops the kernel (and
   * closes the telemetry if the runtime built it).
   *
   * @return completes when everything is stopped
   */
  public Future<Void> stop() {
    vertx.cancelTimer(sweepTimer);
    Future<Void> http = httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment);
    Future<Void> stopped = kernelDeployment == null ? http
      : http.eventually(kernel::shutdown).eventually(() -> vertx.undeploy(kernelDeployment));
    return ownsTelemetry ? stopped.eventually(() -> vertx.executeBlocking(() -> {
      telemetry.close();
      return null;
    })) : stopped;
  }
}
