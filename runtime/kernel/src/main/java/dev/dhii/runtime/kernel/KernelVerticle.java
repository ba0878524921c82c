package dev.dhii.runtime.kernel;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.Dispatcher;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kernel: discovers manifests, resolves imports, loads plugins in dependency order and unloads
 * them in reverse, redeploys, disables and enables single plugins at run time, and exposes each served
 * capability on the event bus at {@code dhii.cap.<id>}. It wires; the start from the plugin directories is
 * {@link PluginDirectoryStartup}, one plugin's start and retirement {@link PluginLifecycle}, the operator's
 * redeploy, disable and enable {@link AdminOperations}, the events they publish {@link LifecycleEvents},
 * loading is {@link PluginDeployer}, capability endpoints are {@link CapabilityEndpoints}, dispatch is
 * {@link Dispatcher}. A plugin that
 * fails in any step is FAILED with its cause; the others keep running. Operations on one plugin run one
 * after the other.
 */
public final class KernelVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(KernelVerticle.class);

  private final RuntimeOptions options;
  private final PluginRegistry registry;
  private final Dispatcher dispatcher;
  private final HealthChecks health;
  private PluginLifecycle lifecycle;
  private AdminOperations admin;
  private PluginOperationQueue queue;
  private PluginRescan rescan;
  private final java.util.function.IntSupplier bridgePort;
  private java.util.function.Supplier<String> bridgeSocket = () -> null;

  /**
   * @param options runtime settings
   * @param registry the registry to fill
   * @param dispatcher the dispatcher serving capability addresses
   * @param health where each plugin's health procedure is registered
   */
  public KernelVerticle(RuntimeOptions options, PluginRegistry registry, Dispatcher dispatcher, HealthChecks health) {
    this(options, registry, dispatcher, health, () -> -1);
  }

  /**
   * @param options the settings
   * @param registry the plugins and routes
   * @param dispatcher the dispatch pipeline
   * @param health the health checks to register plugins with
   * @param bridgePort the TCP bridge's port, which process plugins connect to (0 or less: disabled)
   */
  public KernelVerticle(RuntimeOptions options, PluginRegistry registry, Dispatcher dispatcher, HealthChecks health,
                        java.util.function.IntSupplier bridgePort) {
    this.bridgePort = bridgePort;
    this.options = options;
    this.registry = registry;
    this.dispatcher = dispatcher;
    this.health = health;
  }

  /** @return how the admin address checks its callers' tokens */
  dev.dhii.runtime.dispatch.Authenticator authenticator() {
    return dispatcher.authenticator();
  }

  /**
   * @param bridgeSocket the TCP bridge's Unix domain socket, which process plugins connect to (null: none)
   * @return this
   */
  public KernelVerticle bridgeSocket(java.util.function.Supplier<String> bridgeSocket) {
    this.bridgeSocket = bridgeSocket;
    return this;
  }

  @Override
  public Future<?> start() {
    PluginDeployer deployer = new PluginDeployer(vertx, options, registry, dispatcher, bridgePort, bridgeSocket);
    List<Context> contexts = new CopyOnWriteArrayList<>();
    CapabilityEndpoints endpoints = new CapabilityEndpoints(vertx, contexts, dispatcher);
    LifecycleEvents events = new LifecycleEvents(vertx);
    queue = new PluginOperationQueue(context);
    lifecycle = new PluginLifecycle(vertx, options, registry, deployer, endpoints, events);
    admin = new AdminOperations(vertx, registry, deployer, lifecycle, events, queue);
    PluginDirectoryStartup startup = new PluginDirectoryStartup(options, registry, health, lifecycle, events);
    rescan = new PluginRescan(vertx, options, registry, health, lifecycle, admin, queue, events);
    // capability consumers are registered once per event loop, so that the front of the pipeline
    // (validation, policies) runs on every event loop rather than on the kernel's alone
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new CapabilityEndpoints.Endpoint(contexts), new DeploymentOptions().setInstances(instances))
      .compose(id -> vertx.eventBus().<JsonObject>localConsumer(Addresses.ADMIN, new AdminRequests(this)).completion())
      .compose(v -> vertx.executeBlocking(startup::plan))
      .compose(startup::startAll)
      .onSuccess(v -> LOG.info("kernel started: {} plugin(s) READY of {} discovered", lifecycle.loaded(), registry.plugins().size()));
  }

  /**
   * Replaces a plugin by a new generation read from its manifest file: loads it beside the old one,
   * publishes it once READY (new calls go to it), then drains and unloads the old one. If the new
   * generation fails to load, the old one keeps serving and the Future fails with the reason.
   *
   * @param pluginId the plugin
   * @return the outcome: pluginId, generation, previousGeneration, tookMs
   */
  public Future<JsonObject> redeploy(String pluginId) {
    return admin.redeploy(pluginId);
  }

  /**
   * Stops a plugin: withdraws its capabilities (calls then get UNAVAILABLE), drains and unloads it.
   * Plugins importing it are reported DEGRADED until it is enabled again.
   *
   * @param pluginId the plugin
   * @return pluginId and state
   */
  public Future<JsonObject> disable(String pluginId) {
    return admin.disable(pluginId);
  }

  /**
   * Starts a disabled (or FAILED) plugin again from its manifest file, then retries the plugins that
   * failed because they import it.
   *
   * @param pluginId the plugin
   * @return pluginId and state; fails with the reason if it cannot start
   */
  public Future<JsonObject> enable(String pluginId) {
    return admin.enable(pluginId);
  }

  /**
   * Re-reads every plugin folder: starts the plugins of new directories, unloads those whose directory is
   * gone, redeploys those whose manifest changed (see {@link PluginRescan}).
   *
   * @return {@code {"added":[ids],"removed":[ids],"redeployed":[ids],"failed":[{"id","error"}]}}
   */
  public Future<JsonObject> rescan() {
    return rescan == null ? Future.failedFuture(dev.dhii.api.PluginException.of(dev.dhii.api.ErrorCode.UNAVAILABLE,
      "The kernel is not started")) : rescan.rescan();
  }

  /** @return the plugins' data directory (never a plugin, even when it lies in a plugin folder) */
  public java.nio.file.Path dataDirectory() {
    return options.dataDirectory();
  }

  /** @return the configured plugin folders, as the kernel reads them */
  public List<java.nio.file.Path> pluginDirectories() {
    return options.pluginDirectories();
  }

  /**
   * Unloads every plugin in reverse start order (draining each first). Call it before undeploying the
   * kernel: Vert.x undeploys a verticle's child deployments all at once, in no order.
   *
   * @return completes when every plugin is unloaded
   */
  public Future<Void> shutdown() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> unloadAll().onComplete(done));
    return done.future();
  }

  @Override
  public Future<?> stop() {
    return unloadAll();
  }

  private Future<Void> unloadAll() {
    if (lifecycle == null) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (String id : lifecycle.reverseStartOrder()) {
      chain = chain.compose(v -> queue.serialized(id, () -> lifecycle.retire(registry.plugin(id), "runtime stopped")));
    }
    return chain;
  }
}
