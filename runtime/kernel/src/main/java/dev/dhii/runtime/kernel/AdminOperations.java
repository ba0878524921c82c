package dev.dhii.runtime.kernel;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator does to one plugin at run time: redeploy it (a new generation beside the old one),
 * disable it, enable it again. Each runs after any earlier operation on the same plugin.
 */
final class AdminOperations {

  private static final Logger LOG = LoggerFactory.getLogger(KernelVerticle.class);

  private final Vertx vertx;
  private final PluginRegistry registry;
  private final PluginDeployer deployer;
  private final PluginLifecycle lifecycle;
  private final LifecycleEvents events;
  private final PluginOperationQueue queue;

  AdminOperations(Vertx vertx, PluginRegistry registry, PluginDeployer deployer, PluginLifecycle lifecycle,
                  LifecycleEvents events, PluginOperationQueue queue) {
    this.vertx = vertx;
    this.registry = registry;
    this.deployer = deployer;
    this.lifecycle = lifecycle;
    this.events = events;
    this.queue = queue;
  }

  /** @see KernelVerticle#redeploy(String) */
  Future<JsonObject> redeploy(String pluginId) {
    return queue.serialized(pluginId, () -> {
      PluginRecord record = existing(pluginId);
      if (!record.enabled()) {
        throw PluginException.of(ErrorCode.UNAVAILABLE, "Plugin " + pluginId + " is disabled; enable it instead");
      }
      long started = System.nanoTime();
      PluginGeneration old = record.generation();
      return ManifestRefresh.reread(vertx, registry, record)
        .compose(manifest -> {
          String missing = lifecycle.unmetImport(manifest);
          return missing == null ? deployer.load(manifest)
            : Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, missing));
        })
        .compose(fresh -> lifecycle.publishGeneration(record, fresh).map(fresh))
        .transform(ar -> {
          if (ar.failed()) {
            String cause = ar.cause().getMessage();
            LOG.error("plugin redeploy failed pluginId={} (generation {} keeps serving): {}", pluginId,
              old == null ? "none" : old.number(), cause);
            events.publish("plugin.redeploy_failed", pluginId, new JsonObject().put("cause", cause));
            return Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, "Redeploy of " + pluginId
              + " failed; " + (old == null ? "the plugin stays " + record.state() : "generation " + old.number()
              + " keeps serving") + ": " + cause));
          }
          PluginGeneration fresh = ar.result();
          lifecycle.loaded(pluginId);
          record.state(PluginState.READY, null);
          long tookMs = (System.nanoTime() - started) / 1_000_000;
          JsonObject outcome = new JsonObject().put("pluginId", pluginId).put("generation", fresh.number())
            .put("previousGeneration", old == null ? null : old.number()).put("version", fresh.manifest().version())
            .put("tookMs", tookMs);
          LOG.info("plugin redeployed pluginId={} generation={} previous={} in {} ms", pluginId, fresh.number(),
            old == null ? null : old.number(), tookMs);
          events.publish("plugin.redeployed", pluginId, outcome.copy());
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

  /** @see KernelVerticle#disable(String) */
  Future<JsonObject> disable(String pluginId) {
    return queue.serialized(pluginId, () -> {
      PluginRecord record = existing(pluginId);
      record.disabled(true);
      return lifecycle.retire(record, "disabled by an operator").map(v -> {
        events.publish("plugin.disabled", pluginId, null);
        return new JsonObject().put("pluginId", pluginId).put("state", record.state().name());
      });
    });
  }

  /** @see KernelVerticle#enable(String) */
  Future<JsonObject> enable(String pluginId) {
    return queue.serialized(pluginId, () -> {
      PluginRecord record = existing(pluginId);
      if (record.state() == PluginState.READY) {
        return Future.succeededFuture(new JsonObject().put("pluginId", pluginId).put("state", "READY"));
      }
      record.disabled(false);
      return ManifestRefresh.reread(vertx, registry, record).compose(manifest -> {
        record.manifest(manifest);
        return lifecycle.start(record);
      }).compose(v -> {
        if (record.state() != PluginState.READY) {
          return Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, "Plugin " + pluginId
            + " could not start: " + record.cause()));
        }
        events.publish("plugin.enabled", pluginId, null);
        return retryDependants(pluginId).map(x -> new JsonObject().put("pluginId", pluginId).put("state", "READY"));
      });
    });
  }

  private Future<Void> retryDependants(String pluginId) {
    Future<Void> chain = Future.succeededFuture();
    for (PluginRecord other : registry.plugins()) {
      if (other.state() == PluginState.FAILED && other.enabled() && other.manifest().imports().containsKey(pluginId)) {
        chain = chain.compose(v -> lifecycle.start(other));
      }
    }
    return chain;
  }

  private PluginRecord existing(String pluginId) {
    PluginRecord record = registry.plugin(pluginId);
    if (record == null) {
      throw PluginException.of(ErrorCode.NOT_FOUND, "Unknown plugin: " + pluginId);
    }
    return record;
  }
}
