package dev.dhii.runtime.kernel;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.manifest.ManifestDiscovery;
import dev.dhii.runtime.manifest.ManifestProblem;
import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.resolve.DependencyResolver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code POST /v1/plugins/rescan} (and the watch): re-reads every plugin folder and brings the kernel in line
 * with it. A plugin directory not known yet is registered, resolved and started; a known plugin whose
 * manifest file is gone is retired (its admitted calls finish or fail within the drain bound) and forgotten;
 * a known plugin whose manifest changed is redeployed through the zero-loss redeploy. A new directory that
 * cannot be read, clashes with a known id or capability, or fails to start is reported in {@code failed}
 * with a typed error; the others are not disturbed. Rescans run one after the other.
 */
final class PluginRescan {

  private static final Logger LOG = LoggerFactory.getLogger(KernelVerticle.class);
  /** The queue key of the rescans themselves (no plugin id is empty). */
  private static final String RESCAN = "";

  private final Vertx vertx;
  private final RuntimeOptions options;
  private final PluginRegistry registry;
  private final HealthChecks health;
  private final PluginLifecycle lifecycle;
  private final AdminOperations admin;
  private final PluginOperationQueue queue;
  private final LifecycleEvents events;

  PluginRescan(Vertx vertx, RuntimeOptions options, PluginRegistry registry, HealthChecks health,
               PluginLifecycle lifecycle, AdminOperations admin, PluginOperationQueue queue, LifecycleEvents events) {
    this.vertx = vertx;
    this.options = options;
    this.registry = registry;
    this.health = health;
    this.lifecycle = lifecycle;
    this.admin = admin;
    this.queue = queue;
    this.events = events;
  }

  /** What the folders hold now, compared with the kernel. */
  private record Scan(List<PluginManifest> added, List<PluginRecord> removed, List<String> changed,
                      Map<String, JsonObject> failed, List<ManifestProblem> problems) {
  }

  /** @return {@code {"added","removed","redeployed","failed"}} */
  Future<JsonObject> rescan() {
    return queue.serialized(RESCAN, () -> vertx.executeBlocking(this::scan).compose(this::apply));
  }

  /** Blocking: reads every manifest of every folder. */
  private Scan scan() {
    Map<Path, PluginRecord> known = new HashMap<>();
    registry.plugins().forEach(r -> known.put(normal(r.manifest().file()), r));
    ManifestReader reader = ManifestReader.create();
    Set<Path> present = new LinkedHashSet<>();
    List<PluginManifest> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    Map<String, JsonObject> failed = new LinkedHashMap<>();
    List<ManifestProblem> problems = new ArrayList<>();
    Map<String, String> newCapabilities = new HashMap<>();
    for (Path file : manifestFiles()) {
      present.add(file);
      PluginRecord record = known.get(file);
      // a known plugin's manifest is read at the path it was found at, so that an unchanged one compares equal
      ManifestReader.Result result = reader.read(record != null ? record.manifest().file() : file);
      if (record != null) {
        if (result.failed() || !result.manifest().equals(record.manifest())) {
          if (record.enabled()) {
            changed.add(record.id());
          }
        }
        continue;
      }
      if (result.failed()) {
        problems.addAll(result.problems());
        String id = result.problems().stream().map(ManifestProblem::pluginId).filter(p -> p != null)
          .findFirst().orElse(file.getParent().getFileName().toString());
        failed.put(id, error(ErrorCode.CONFIGURATION, result.problems().stream().map(ManifestProblem::message)
          .collect(Collectors.joining("; "))));
        continue;
      }
      PluginManifest manifest = result.manifest();
      String clash = clash(manifest, newCapabilities, added);
      if (clash != null) {
        problems.add(ManifestProblem.ofFile(file, manifest.id(), clash));
        failed.put(manifest.id(), error(ErrorCode.CONFIGURATION, clash));
        continue;
      }
      added.add(manifest);
      manifest.capabilities().forEach(c -> newCapabilities.put(c, manifest.id()));
    }
    List<PluginRecord> removed = known.entrySet().stream().filter(e -> !present.contains(e.getKey()))
      .map(Map.Entry::getValue).filter(r -> !Files.isRegularFile(r.manifest().file())).toList();
    return new Scan(added, removed, changed, failed, problems);
  }

  private String clash(PluginManifest manifest, Map<String, String> newCapabilities, List<PluginManifest> added) {
    PluginRecord same = registry.plugin(manifest.id());
    if (same != null || added.stream().anyMatch(m -> m.id().equals(manifest.id()))) {
      return "duplicate plugin id \"" + manifest.id() + "\": already declared by "
        + (same != null ? same.manifest().file() : "another new plugin");
    }
    for (String capability : manifest.capabilities()) {
      PluginRecord owner = registry.declaring(capability);
      String other = owner != null ? owner.id() : newCapabilities.get(capability);
      if (other != null) {
        return "duplicate capability id \"" + capability + "\": already declared by plugin \"" + other + "\"";
      }
    }
    return null;
  }

  private List<Path> manifestFiles() {
    List<Path> files = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path folder : options.pluginDirectories()) {
      if (!seen.add(normal(folder)) || !Files.isDirectory(folder)) continue;
      try (Stream<Path> children = Files.list(folder)) {
        children.sorted().map(child -> child.resolve(ManifestDiscovery.MANIFEST_FILE)).filter(Files::isRegularFile)
          .map(PluginRescan::normal).forEach(files::add);
      } catch (IOException e) {
        LOG.warn("rescan: cannot list plugin folder {}: {}", folder, e.getMessage());
      }
    }
    return files;
  }

  /** On the kernel's context: removes, adds, then redeploys, each plugin after its earlier operations. */
  private Future<JsonObject> apply(Scan scan) {
    JsonArray added = new JsonArray();
    JsonArray removed = new JsonArray();
    JsonArray redeployed = new JsonArray();
    Map<String, JsonObject> failed = new LinkedHashMap<>(scan.failed());
    registry.replaceRejected(scan.problems());
    scan.failed().forEach((id, error) -> {
      LOG.error("rescan: new plugin rejected pluginId={}: {}", id, error.getString("message"));
      events.publish("plugin.failed", id, new JsonObject().put("cause", error.getString("message")));
    });
    Future<Void> chain = Future.succeededFuture();
    for (PluginRecord record : scan.removed()) {
      chain = chain.compose(v -> queue.serialized(record.id(), () -> lifecycle.retire(record, "its directory was removed")
        .compose(x -> CapabilityDirectory.forget(vertx, record.id(), record.manifest().capabilities(),
          options.stepTimeoutMs()))
        .map(x -> {
          registry.remove(record);
          health.unregister(record.id());
          removed.add(record.id());
          LOG.info("plugin removed pluginId={}: its manifest {} is gone", record.id(), record.manifest().file());
          events.publish("plugin.removed", record.id(), null);
          return null;
        })));
    }
    chain = chain.compose(v -> start(scan.added(), added, failed));
    for (String id : scan.changed()) {
      chain = chain.compose(v -> admin.redeploy(id).transform(ar -> {
        if (ar.succeeded()) {
          redeployed.add(id);
        } else {
          failed.put(id, CallError.from(ar.cause()).toBody(null, id, null).getJsonObject("error"));
        }
        return Future.succeededFuture();
      }));
    }
    return chain.map(v -> {
      JsonArray failures = new JsonArray();
      failed.forEach((id, error) -> failures.add(new JsonObject().put("id", id).put("error", error)));
      JsonObject outcome = new JsonObject().put("added", added).put("removed", removed).put("redeployed", redeployed)
        .put("failed", failures);
      LOG.info("plugin folders rescanned: {}", outcome.encode());
      return outcome;
    });
  }

  /** Registers the new plugins and starts the resolved ones in dependency order, then retries their dependants. */
  private Future<Void> start(List<PluginManifest> manifests, JsonArray added, Map<String, JsonObject> failed) {
    if (manifests.isEmpty()) {
      return Future.succeededFuture();
    }
    List<PluginRecord> records = new ArrayList<>();
    for (PluginManifest m : manifests) {
      PluginRecord record = new PluginRecord(m);
      registry.add(record);
      PluginHealth.register(health, record, registry, options.lifecycle().healthCheckTimeoutMs());
      records.add(record);
      if (!m.enabled()) {
        record.state(PluginState.UNLOADED, "disabled in its manifest");
      }
    }
    List<PluginManifest> all = registry.plugins().stream().map(PluginRecord::manifest).toList();
    DependencyResolver.Resolution resolution = DependencyResolver.resolve(all);
    Set<String> fresh = manifests.stream().map(PluginManifest::id).collect(Collectors.toSet());
    resolution.failures().forEach((id, reason) -> {
      if (fresh.contains(id) && registry.plugin(id).enabled()) {
        lifecycle.fail(registry.plugin(id), "Unresolved: " + reason);
      }
    });
    Future<Void> chain = Future.succeededFuture();
    for (PluginManifest m : resolution.startOrder()) {
      PluginRecord record = registry.plugin(m.id());
      if (fresh.contains(m.id()) && record.state() == PluginState.DISCOVERED) {
        record.state(PluginState.RESOLVED, null);
        chain = chain.compose(v -> queue.serialized(m.id(), () -> lifecycle.start(record)));
      }
    }
    return chain.map(v -> {
      for (PluginRecord record : records) {
        if (record.state() == PluginState.FAILED) {
          failed.put(record.id(), error(ErrorCode.CONFIGURATION, "Plugin " + record.id() + " could not start: "
            + record.cause()));
        } else {
          added.add(record.id());
        }
      }
      return null;
    }).compose(v -> retryDependants(fresh));
  }

  private Future<Void> retryDependants(Set<String> fresh) {
    Future<Void> chain = Future.succeededFuture();
    for (PluginRecord other : registry.plugins()) {
      if (other.state() == PluginState.FAILED && other.enabled() && !fresh.contains(other.id())
        && other.manifest().imports().keySet().stream().anyMatch(fresh::contains)) {
        chain = chain.compose(v -> queue.serialized(other.id(), () -> lifecycle.start(other)));
      }
    }
    return chain;
  }

  private static JsonObject error(ErrorCode code, String message) {
    return CallError.of(code, message).toBody(null, null, null).getJsonObject("error");
  }

  private static Path normal(Path path) {
    return path.toAbsolutePath().normalize();
  }
}
