package dev.dhii.runtime.kernel;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.manifest.ManifestDiscovery;
import dev.dhii.runtime.manifest.ManifestProblem;
import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.resilience.Bulkhead;
import dev.dhii.runtime.resilience.BulkheadOptions;
import dev.dhii.runtime.resolve.DependencyResolver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's start: discovers the manifests of the plugin directories, resolves their imports, registers
 * every plugin (its record, its health procedure), rejects the bad manifests and the unresolved plugins, then
 * starts the others in dependency order: each after the plugins it imports, independent ones side by side.
 */
final class PluginDirectoryStartup {

  private static final Logger LOG = LoggerFactory.getLogger(KernelVerticle.class);

  private final RuntimeOptions options;
  private final PluginRegistry registry;
  private final HealthChecks health;
  private final PluginLifecycle lifecycle;
  private final LifecycleEvents events;

  PluginDirectoryStartup(RuntimeOptions options, PluginRegistry registry, HealthChecks health,
                         PluginLifecycle lifecycle, LifecycleEvents events) {
    this.options = options;
    this.registry = registry;
    this.health = health;
    this.lifecycle = lifecycle;
    this.events = events;
  }

  /** What discovery and resolution found: the manifests, the rejected ones, the start order, the unresolved. */
  record Plan(List<PluginManifest> manifests, List<ManifestProblem> problems, List<PluginManifest> startOrder,
              Map<String, String> failures) {
  }

  /** Reads the plugin directories and resolves the imports. Blocking: call it off the event loop. */
  Plan plan() {
    ManifestDiscovery.Discovery discovery = ManifestDiscovery.discover(ManifestReader.create(), options.pluginDirectories());
    DependencyResolver.Resolution resolution = DependencyResolver.resolve(discovery.manifests());
    return new Plan(discovery.manifests(), discovery.problems(), resolution.startOrder(), resolution.failures());
  }

  /** Registers the plan's plugins and starts them in order; failures mark plugins FAILED (the Future never fails). */
  Future<Void> startAll(Plan plan) {
    plan.problems().forEach(problem -> {
      registry.reject(problem);
      LOG.error("plugin manifest rejected pluginId={}: {}", problem.pluginId(), problem.message());
      events.publish("plugin.failed", problem.pluginId(), new JsonObject().put("cause", problem.message()));
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
        lifecycle.fail(registry.plugin(id), "Unresolved: " + reason);
      }
    });
    // the resolver's start order holds the plugins whose imports are satisfied; each waits RESOLVED for its turn
    plan.startOrder().forEach(m -> {
      PluginRecord record = registry.plugin(m.id());
      if (record.state() == PluginState.DISCOVERED) {
        record.state(PluginState.RESOLVED, null);
      }
    });
    // each plugin starts once the plugins it imports have (READY or FAILED: start checks), at most
    // START_PARALLELISM at once: independent plugins load side by side, a dependent one after its imports
    Map<String, Future<Void>> started = new HashMap<>();
    // the dispatch's bulkhead: FIFO, a slot freed when a start completes, starts that complete at once run in a loop
    Bulkhead slots = Bulkhead.create("plugin start", new BulkheadOptions().setMaxConcurrency(START_PARALLELISM)
      .setMaxQueue(plan.startOrder().size()));
    for (PluginManifest m : plan.startOrder()) {
      List<Future<Void>> imports = new ArrayList<>();
      for (String imported : m.imports().keySet()) {
        Future<Void> dependency = started.get(imported); // the start order puts every import before its importer
        if (dependency != null) {
          imports.add(dependency);
        }
      }
      started.put(m.id(), Future.join(imports).transform(ar -> slots.submit(() -> lifecycle.start(registry.plugin(m.id())))));
    }
    return Future.join(new ArrayList<>(started.values())).transform(ar -> Future.succeededFuture());
  }

  /**
   * How many plugins load at once at start: the cores, at least 2. More would only interleave the loads' CPU work
   * (class loading, the forbidden-API scan, the plugins' own onLoad) and hold more of it in memory at once.
   */
  static final int START_PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());
}
