package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.PluginPolicies;
import dev.dhii.api.HealthStatus;
import dev.dhii.runtime.resilience.BreakerState;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * One vertx-health-check procedure per plugin. A plugin is UP when it is READY and its own
 * healthCheck says UP; DEGRADED (still up) when its breaker is not closed, calls overran their
 * deadlines, or the plugin says so; DOWN otherwise. Disabled plugins are reported UP with their state.
 */
final class PluginHealth {

  private PluginHealth() {
  }

  private static String unmetImport(PluginRecord record, PluginRegistry registry) {
    for (String imported : record.manifest().imports().keySet()) {
      if (record.manifest().compat().optionalImports().contains(imported)) {
        continue; // a Dhii-Mail dependency: orders the start only
      }
      PluginRecord dependency = registry.plugin(imported);
      if (dependency == null || dependency.state() != PluginState.READY) {
        return "imports plugin " + imported + " which is " + (dependency == null ? "missing" : dependency.state());
      }
    }
    return null;
  }

  static void register(HealthChecks checks, PluginRecord record, PluginRegistry registry, long timeoutMs) {
    checks.register(record.id(), timeoutMs + 500, promise -> {
      JsonObject data = new JsonObject().put("state", record.state().name()).put("version", record.manifest().version());
      PluginHost host = record.host();
      PluginPolicies policies = record.policies();
      if (!record.enabled()) {
        promise.complete(Status.OK(data.put("status", "DISABLED")));
        return;
      }
      if (record.state() != PluginState.READY || host == null || policies == null) {
        promise.complete(Status.KO(data.put("status", "DOWN").put("cause", record.cause())));
        return;
      }
      String unmet = unmetImport(record, registry);
      BreakerState breaker = policies.breaker().state();
      data.put("breaker", breaker.name()).put("overrunning", host.overrunning());
      host.healthCheck(timeoutMs).onComplete(ar -> {
        if (ar.failed()) {
          promise.complete(Status.KO(data.put("status", "DOWN").put("cause", "healthCheck failed: " + ar.cause().getMessage())));
          return;
        }
        HealthStatus own = ar.result();
        data.put("message", own.message()).put("details", new JsonObject(new java.util.HashMap<>(own.details())));
        if (own.status() == HealthStatus.Status.DOWN) {
          promise.complete(Status.KO(data.put("status", "DOWN")));
        } else if (own.status() == HealthStatus.Status.DEGRADED || breaker != BreakerState.CLOSED || host.overrunning() > 0
          || unmet != null) {
          if (unmet != null) {
            data.put("cause", unmet);
          }
          promise.complete(Status.OK(data.put("status", "DEGRADED")));
        } else {
          promise.complete(Status.OK(data.put("status", "UP")));
        }
      });
    });
  }
}
