package dev.dhii.runtime.kernel;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The steps of one plugin's life in the kernel: start (imports READY, load, publish its generation, READY),
 * failure (FAILED with its cause) and retirement (withdraw, drain, unload). Each step sets the plugin's state
 * and publishes its {@link LifecycleEvents lifecycle event}; the plugins started are remembered in start order.
 */
final class PluginLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(KernelVerticle.class);

  private final Vertx vertx;
  private final RuntimeOptions options;
  private final PluginRegistry registry;
  private final PluginDeployer deployer;
  private final CapabilityEndpoints endpoints;
  private final LifecycleEvents events;
  private final List<String> loadedOrder = new CopyOnWriteArrayList<>();

  PluginLifecycle(Vertx vertx, RuntimeOptions options, PluginRegistry registry, PluginDeployer deployer,
                  CapabilityEndpoints endpoints, LifecycleEvents events) {
    this.vertx = vertx;
    this.options = options;
    this.registry = registry;
    this.deployer = deployer;
    this.endpoints = endpoints;
    this.events = events;
  }

  /** @return how many plugins are loaded */
  int loaded() {
    return loadedOrder.size();
  }

  /** @return the loaded plugins, last started first */
  List<String> reverseStartOrder() {
    List<String> reverse = new ArrayList<>(loadedOrder);
    Collections.reverse(reverse);
    return reverse;
  }

  /** Remembers a plugin as loaded (once), so that it is unloaded at shutdown. */
  void loaded(String pluginId) {
    if (!loadedOrder.contains(pluginId)) {
      loadedOrder.add(pluginId);
    }
  }

  /** Loads and publishes a plugin whose imports are READY; failures mark it FAILED (the Future never fails). */
  Future<Void> start(PluginRecord record) {
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
      loaded(record.id());
      record.state(PluginState.READY, null);
      LOG.info("plugin ready pluginId={} version={} generation={} capabilities={}", record.id(),
        record.manifest().version(), ar.result().number(), record.manifest().capabilities());
      events.publish("plugin.ready", record.id(), new JsonObject().put("version", record.manifest().version())
        .put("generation", ar.result().number()));
      return Future.succeededFuture();
    });
  }

  /** @return why a plugin's imports are not met (an import missing or not READY), or null when they are */
  String unmetImport(PluginManifest manifest) {
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
  Future<Void> publishGeneration(PluginRecord record, PluginGeneration generation) {
    generation.policies().breaker().onStateChange(state -> events.publish(LifecycleEvents.breakerEvent(state),
      record.id(), new JsonObject().put("generation", generation.number())));
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

  /** Withdraws a plugin's routes and consumers, then drains and unloads its generation. */
  Future<Void> retire(PluginRecord record, String cause) {
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
      events.publish("plugin.unloaded", record.id(), null);
      return Future.succeededFuture();
    });
  }

  /** Marks a plugin FAILED with its cause, logs it and publishes {@code plugin.failed}. */
  void fail(PluginRecord record, String cause) {
    record.state(PluginState.FAILED, cause);
    LOG.error("plugin failed pluginId={}: {}", record.id(), cause);
    events.publish("plugin.failed", record.id(), new JsonObject().put("cause", cause));
  }
}
