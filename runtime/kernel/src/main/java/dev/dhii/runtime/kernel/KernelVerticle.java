package dev.dhii.runtime.kernel;

import dev.dhii.runtime.Addresses;
import dev.dhii.runtime.cluster.CapabilityDirectory;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.Dispatcher;
import dev.dhii.runtime.manifest.ManifestDiscovery;
import dev.dhii.runtime.manifest.ManifestProblem;
import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.resolve.DependencyResolver;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel: discovers manifests, resolves imports, loads plugins in dependency order and unloads
 * them in reverse, and exposes each served capability on the event bus at {@code dhii.cap.<id>}. It
 * only wires: loading is {@link PluginDeployer}, dispatch is {@link Dispatcher}. A plugin that fails in
 * any step is FAILED with its cause; the others keep running.
 */
public final class KernelVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(KernelVerticle.class);

  private final RuntimeOptions options;
  private final PluginRegistry registry;
  private final Dispatcher dispatcher;
  private final HealthChecks health;
  private final Map<String, List<MessageConsumer<Object>>> consumers = new HashMap<>();
  private final List<String> loadedOrder = new ArrayList<>();
  private PluginDeployer deployer;

  /**
   * @param options runtime settings
   * @param registry the registry to fill
   * @param dispatcher the dispatcher serving capability addresses
   * @param health where each plugin's health procedure is registered
   */
  public KernelVerticle(RuntimeOptions options, PluginRegistry registry, Dispatcher dispatcher, HealthChecks health) {
    this.options = options;
    this.registry = registry;
    this.dispatcher = dispatcher;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    deployer = new PluginDeployer(vertx, options, registry, dispatcher);
    return vertx.executeBlocking(this::plan).compose(plan -> {
      plan.problems().forEach(this::failManifest);
      plan.manifests().forEach(m -> {
        registry.add(new PluginRecord(m));
        PluginHealth.register(health, registry.plugin(m.id()), options.healthCheckTimeoutMs());
      });
      plan.failures().forEach((id, reason) -> fail(registry.plugin(id), "Unresolved: " + reason));
      Future<Void> chain = Future.succeededFuture();
      for (PluginManifest m : plan.startOrder()) {
        chain = chain.compose(v -> start(registry.plugin(m.id())));
      }
      return chain;
    }).onSuccess(v -> LOG.info("kernel started: {} plugin(s) READY of {} discovered", loadedOrder.size(), registry.plugins().size()));
  }

  private record Plan(List<PluginManifest> manifests, List<ManifestProblem> problems, List<PluginManifest> startOrder,
                      Map<String, String> failures) {
  }

  private Plan plan() {
    ManifestDiscovery.Discovery discovery = ManifestDiscovery.discover(ManifestReader.create(), options.pluginDirectories());
    DependencyResolver.Resolution resolution = DependencyResolver.resolve(discovery.manifests());
    return new Plan(discovery.manifests(), discovery.problems(), resolution.startOrder(), resolution.failures());
  }

  private void failManifest(ManifestProblem problem) {
    registry.reject(problem);
    LOG.error("plugin manifest rejected pluginId={}: {}", problem.pluginId(), problem.message());
    publish("plugin.failed", problem.pluginId(), problem.message());
  }

  private Future<Void> start(PluginRecord record) {
    for (String imported : record.manifest().imports().keySet()) {
      PluginRecord dependency = registry.plugin(imported);
      if (dependency == null || dependency.state() != PluginState.READY) {
        fail(record, "Imports plugin " + imported + " which is " + (dependency == null ? "missing" : dependency.state()));
        return Future.succeededFuture();
      }
    }
    record.state(PluginState.RESOLVED, null);
    return deployer.deploy(record).compose(host -> expose(record, host)).transform(ar -> {
      if (ar.succeeded()) {
        loadedOrder.add(record.id());
        record.state(PluginState.READY, null);
        LOG.info("plugin ready pluginId={} version={} capabilities={}", record.id(), record.manifest().version(),
          record.manifest().capabilities());
        publish("plugin.ready", record.id(), null);
      } else {
        fail(record, ar.cause().getMessage());
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> expose(PluginRecord record, PluginHost host) {
    List<MessageConsumer<Object>> list = new ArrayList<>();
    List<Future<Void>> registered = new ArrayList<>();
    for (String capabilityId : host.capabilities().keySet()) {
      MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.capability(capabilityId), dispatcher::handle);
      list.add(consumer);
      registered.add(consumer.completion());
    }
    consumers.put(record.id(), list);
    registry.publish(record, host, record.policies());
    registered.add(CapabilityDirectory.record(vertx, record.id(), host.capabilities().keySet(), options.stepTimeoutMs()));
    return Future.all(registered).mapEmpty();
  }

  private Future<Void> withdraw(PluginRecord record) {
    List<Future<Void>> unregistered = new ArrayList<>();
    consumers.getOrDefault(record.id(), List.of()).forEach(c -> unregistered.add(c.unregister()));
    consumers.remove(record.id());
    if (record.host() != null) {
      registry.withdraw(record.host());
    }
    return Future.join(unregistered).mapEmpty();
  }

  private void fail(PluginRecord record, String cause) {
    record.state(PluginState.FAILED, cause);
    LOG.error("plugin failed pluginId={}: {}", record.id(), cause);
    publish("plugin.failed", record.id(), cause);
  }

  private void publish(String type, String pluginId, String cause) {
    JsonObject event = new JsonObject().put("type", type).put("pluginId", pluginId).put("timestamp", System.currentTimeMillis());
    if (cause != null) {
      event.put("cause", cause);
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
    Future<Void> chain = Future.succeededFuture();
    List<String> reverse = new ArrayList<>(loadedOrder);
    java.util.Collections.reverse(reverse);
    for (String id : reverse) {
      PluginRecord record = registry.plugin(id);
      chain = chain.compose(v -> withdraw(record)).compose(v -> deployer.undeploy(record)).transform(ar -> {
        if (ar.failed()) {
          LOG.warn("plugin unload failed pluginId={}: {}", id, ar.cause().getMessage());
        }
        publish("plugin.unloaded", id, null);
        return Future.succeededFuture();
      });
    }
    return chain.onComplete(ar -> loadedOrder.clear());
  }
}
