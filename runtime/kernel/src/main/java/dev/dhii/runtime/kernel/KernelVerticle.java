package dev.dhii.runtime.kernel;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.Dispatcher;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.manifest.ManifestDiscovery;
import dev.dhii.runtime.manifest.ManifestProblem;
import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.resilience.BreakerState;
import dev.dhii.runtime.resolve.DependencyResolver;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The kernel: discovers manifests, resolves imports, loads plugins in dependency order and unloads
 * them in reverse, redeploys, disables and enables single plugins at run time, and exposes each served
 * capability on the event bus at {@code dhii.cap.<id>}. It wires; loading is {@link PluginDeployer},
 * capability endpoints are {@link CapabilityEndpoints}, dispatch is {@link Dispatcher}. A plugin that
 * fails in any step is FAILED with its cause; the others keep running. Operations on one plugin run one
 * after the other.
 */
public final class KernelVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(KernelVerticle.class);

  private final RuntimeOptions options;
  private final PluginRegistry registry;
  private final Dispatcher dispatcher;
  private final HealthChecks health;
  private final List<String> loadedOrder = new CopyOnWriteArrayList<>();
  private final Map<String, Future<?>> operations = new HashMap<>();
  private PluginDeployer deployer;
  private CapabilityEndpoints endpoints;
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
    deployer = new PluginDeployer(vertx, options, registry, dispatcher, bridgePort, bridgeSocket);
    List<Context> contexts = new CopyOnWriteArrayList<>();
    endpoints = new CapabilityEndpoints(vertx, contexts, dispatcher);
    // capability consumers are registered once per event loop, so that the front of the pipeline
    // (validation, policies) runs on every event loop rather than on the kernel's alone
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new CapabilityEndpoints.Endpoint(contexts), new DeploymentOptions().setInstances(instances))
      .compose(id -> vertx.eventBus().<JsonObject>localConsumer(Addresses.ADMIN, new AdminRequests(this)).completion())
      .compose(v -> vertx.executeBlocking(this::plan))
      .compose(this::startAll)
      .onSuccess(v -> LOG.info("kernel started: {} plugin(s) READY of {} discovered", loadedOrder.size(), registry.plugins().size()));
  }

  private record Plan(List<PluginManifest> manifests, List<ManifestProblem> problems, List<PluginManifest> startOrder,
                      Map<String, String> failures) {
  }

  private Plan plan() {
    ManifestDiscovery.Discovery discovery = ManifestDiscovery.discover(ManifestReader.create(), options.pluginDirectories());
    DependencyResolver.Resolution resolution = DependencyResolver.resolve(discovery.manifests());
    return new Plan(discovery.manifests(), discovery.problems(), resolution.startOrder(), resolution.failures());
  }

  private Future<Void> startAll(Plan plan) {
    plan.problems().forEach(problem -> {
      registry.reject(problem);
      LOG.error("plugin manifest rejected pluginId={}: {}", problem.pluginId(), problem.message());
      publish("plugin.failed", problem.pluginId(), new JsonObject().put("cause", problem.message()));
    });
    for (PluginManifest m : plan.manifests()) {
      PluginRecord record = new PluginRecord(m);
      registry.add(record);
      PluginHealth.register(health, record, registry, options.lifecycle().healthCheckTimeoutMs());
      if (!m.enabled()) {
        record.state(PluginState.UNLOADED, "disabled in its manifest");
      }
    }
    plan.failures().forEach((id, reason) -> {
      if (registry.plugin(id).manifest().enabled()) {
        fail(registry.plugin(id), "Unresolved: " + reason);
      }
    });
    // the resolver's start order holds the plugins whose imports are satisfied; each waits RESOLVED for its turn
    plan.startOrder().forEach(m -> {
      PluginRecord record = registry.plugin(m.id());
      if (record.state() == PluginState.DISCOVERED) {
        record.state(PluginState.RESOLVED, null);
      }
    });
    Future<Void> chain = Future.succeededFuture();
    for (PluginManifest m : plan.startOrder()) {
      chain = chain.compose(v -> start(registry.plugin(m.id())));
    }
    return chain;
  }

  /** Loads and publishes a plugin whose imports are READY; failures mark it FAILED (the Future never fails). */
  private Future<Void> start(PluginRecord record) {
    String missing = unmetImport(record.manifest());
    if (missing != null) {
      fail(record, missing);
      return Future.succeededFuture();
    }
    record.state(PluginState.LOADING, null);
    return deployer.load(record.manifest()).compose(g -> publishGeneration(record, g).map(g)).transform(ar -> {
      if (ar.failed()) {
        fail(record, ar.cause().getMessage());
        return Future.succeededFuture();
      }
      if (!loadedOrder.contains(record.id())) {
        loadedOrder.add(record.id());
      }
      record.state(PluginState.READY, null);
      LOG.info("plugin ready pluginId={} version={} generation={} capabilities={}", record.id(),
        record.manifest().version(), ar.result().number(), record.manifest().capabilities());
      publish("plugin.ready", record.id(), new JsonObject().put("version", record.manifest().version())
        .put("generation", ar.result().number()));
      return Future.succeededFuture();
    });
  }

  private String unmetImport(PluginManifest manifest) {
    for (String imported : manifest.imports().keySet()) {
      if (manifest.compat().optionalImports().contains(imported)) {
        continue; // a Dhii-Mail dependency: orders the start only
      }
      PluginRecord dependency = registry.plugin(imported);
      if (dependency == null || dependency.state() != PluginState.READY) {
        return "Imports plugin " + imported + " which is " + (dependency == null ? "missing" : dependency.state());
      }
    }
    return null;
  }

  /** Registers consumers for the generation's capabilities, then swaps the plugin's routes to it at once. */
  private Future<Void> publishGeneration(PluginRecord record, PluginGeneration generation) {
    generation.policies().breaker().onStateChange(state -> publish(breakerEvent(state), record.id(),
      new JsonObject().put("generation", generation.number())));
    return endpoints.register(generation.host().capabilities().keySet())
      .compose(v -> CapabilityDirectory.record(vertx, record.id(), generation.host().capabilities().keySet(),
        options.stepTimeoutMs()))
      .map(v -> {
      PluginGeneration previous = record.generation();
      record.manifest(generation.manifest());
      registry.publish(record, generation);
      record.serve(generation);
      if (previous != null) {
        List<String> dropped = new ArrayList<>(previous.host().capabilities().keySet());
        dropped.removeAll(generation.host().capabilities().keySet());
        endpoints.unregister(dropped);
      }
      return null;
    });
  }

  private static String breakerEvent(BreakerState state) {
    return switch (state) {
      case OPEN -> "breaker.open";
      case HALF_OPEN -> "breaker.half_open";
      case CLOSED -> "breaker.closed";
    };
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
    return serialized(pluginId, () -> {
      PluginRecord record = existing(pluginId);
      if (!record.enabled()) {
        throw PluginException.of(ErrorCode.UNAVAILABLE, "Plugin " + pluginId + " is disabled; enable it instead");
      }
      long started = System.nanoTime();
      PluginGeneration old = record.generation();
      return ManifestRefresh.reread(vertx, registry, record)
        .compose(manifest -> {
          String missing = unmetImport(manifest);
          return missing == null ? deployer.load(manifest)
            : Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, missing));
        })
        .compose(fresh -> publishGeneration(record, fresh).map(fresh))
        .transform(ar -> {
          if (ar.failed()) {
            String cause = ar.cause().getMessage();
            LOG.error("plugin redeploy failed pluginId={} (generation {} keeps serving): {}", pluginId,
              old == null ? "none" : old.number(), cause);
            publish("plugin.redeploy_failed", pluginId, new JsonObject().put("cause", cause));
            return Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, "Redeploy of " + pluginId
              + " failed; " + (old == null ? "the plugin stays " + record.state() : "generation " + old.number()
              + " keeps serving") + ": " + cause));
          }
          PluginGeneration fresh = ar.result();
          if (!loadedOrder.contains(pluginId)) {
            loadedOrder.add(pluginId);
          }
          record.state(PluginState.READY, null);
          long tookMs = (System.nanoTime() - started) / 1_000_000;
          JsonObject outcome = new JsonObject().put("pluginId", pluginId).put("generation", fresh.number())
            .put("previousGeneration", old == null ? null : old.number()).put("version", fresh.manifest().version())
            .put("tookMs", tookMs);
          LOG.info("plugin redeployed pluginId={} generation={} previous={} in {} ms", pluginId, fresh.number(),
            old == null ? null : old.number(), tookMs);
          publish("plugin.redeployed", pluginId, outcome.copy());
          Future<Void> retired = old == null ? Future.succeededFuture() : deployer.unload(old);
          return retired.transform(done -> {
            if (done.failed()) {
              LOG.warn("unloading generation {} of {} failed: {}", old.number(), pluginId, done.cause().getMessage());
            }
            return Future.succeededFuture(outcome);
          });
        });
    });
  }

  /**
   * Stops a plugin: withdraws its capabilities (calls then get UNAVAILABLE), drains and unloads it.
   * Plugins importing it are reported DEGRADED until it is enabled again.
   *
   * @param pluginId the plugin
   * @return pluginId and state
   */
  public Future<JsonObject> disable(String pluginId) {
    return serialized(pluginId, () -> {
      PluginRecord record = existing(pluginId);
      record.disabled(true);
      return retire(record, "disabled by an operator").map(v -> {
        publish("plugin.disabled", pluginId, null);
        return new JsonObject().put("pluginId", pluginId).put("state", record.state().name());
      });
    });
  }

  /**
   * Starts a disabled (or FAILED) plugin again from its manifest file, then retries the plugins that
   * failed because they import it.
   *
   * @param pluginId the plugin
   * @return pluginId and state; fails with the reason if it cannot start
   */
  public Future<JsonObject> enable(String pluginId) {
    return serialized(pluginId, () -> {
      PluginRecord record = existing(pluginId);
      if (record.state() == PluginState.READY) {
        return Future.succeededFuture(new JsonObject().put("pluginId", pluginId).put("state", "READY"));
      }
      record.disabled(false);
      return ManifestRefresh.reread(vertx, registry, record).compose(manifest -> {
        record.manifest(manifest);
        return start(record);
      }).compose(v -> {
        if (record.state() != PluginState.READY) {
          return Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, "Plugin " + pluginId
            + " could not start: " + record.cause()));
        }
        publish("plugin.enabled", pluginId, null);
        return retryDependants(pluginId).map(x -> new JsonObject().put("pluginId", pluginId).put("state", "READY"));
      });
    });
  }

  private Future<Void> retryDependants(String pluginId) {
    Future<Void> chain = Future.succeededFuture();
    for (PluginRecord other : registry.plugins()) {
      if (other.state() == PluginState.FAILED && other.enabled() && other.manifest().imports().containsKey(pluginId)) {
        chain = chain.compose(v -> start(other));
      }
    }
    return chain;
  }

  /** Withdraws a plugin's routes and consumers, then drains and unloads its generation. */
  private Future<Void> retire(PluginRecord record, String cause) {
    PluginGeneration generation = record.generation();
    registry.withdraw(record);
    if (generation == null) {
      record.state(PluginState.UNLOADED, cause);
      return Future.succeededFuture();
    }
    record.state(PluginState.DRAINING, cause);
    endpoints.unregister(new ArrayList<>(generation.host().capabilities().keySet()));
    return deployer.unload(generation).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("plugin unload failed pluginId={}: {}", record.id(), ar.cause().getMessage());
      }
      record.serve(null);
      record.state(PluginState.UNLOADED, cause);
      loadedOrder.remove(record.id());
      publish("plugin.unloaded", record.id(), null);
      return Future.succeededFuture();
    });
  }

  private PluginRecord existing(String pluginId) {
    PluginRecord record = registry.plugin(pluginId);
    if (record == null) {
      throw PluginException.of(ErrorCode.NOT_FOUND, "Unknown plugin: " + pluginId);
    }
    return record;
  }

  /** Runs {@code operation} on the kernel's context after any earlier operation on the same plugin. */
  private <T> Future<T> serialized(String pluginId, Supplier<Future<T>> operation) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      Future<?> previous = operations.getOrDefault(pluginId, Future.succeededFuture());
      Future<T> next = previous.transform(ignored -> {
        try {
          return operation.get();
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      });
      operations.put(pluginId, next);
      next.onComplete(result);
    });
    return result.future();
  }

  private void fail(PluginRecord record, String cause) {
    record.state(PluginState.FAILED, cause);
    LOG.error("plugin failed pluginId={}: {}", record.id(), cause);
    publish("plugin.failed", record.id(), new JsonObject().put("cause", cause));
  }

  private void publish(String type, String pluginId, JsonObject extra) {
    JsonObject event = new JsonObject().put("type", type).put("pluginId", pluginId).put("timestamp", System.currentTimeMillis());
    if (extra != null) {
      event.mergeIn(extra);
    }
    vertx.eventBus().publish(Addresses.EVENTS, event);
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
    List<String> reverse = new ArrayList<>(loadedOrder);
    Collections.reverse(reverse);
    Future<Void> chain = Future.succeededFuture();
    for (String id : reverse) {
      chain = chain.compose(v -> serialized(id, () -> retire(registry.plugin(id), "runtime stopped")));
    }
    return chain;
  }
}
