package dev.dhii.runtime.kernel;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * The health document every bridge serves: HTTP's {@code GET /health} and the WebSocket bridge's
 * {@code health}. (The listings come from the cluster view, over {@link PluginRegistry#pluginsListing()}
 * and {@link PluginRegistry#capabilitiesListing()}.)
 */
public final class HealthDocuments {

  /**
   * The runtime's health.
   *
   * @param up whether every check is UP (HTTP answers 200, else 503)
   * @param body the vertx-health-check document
   */
  public record Health(boolean up, JsonObject body) {
  }

  private final HealthChecks health;

  /** @param health the plugins' health procedures */
  public HealthDocuments(HealthChecks health) {
    this.health = health;
  }

  /** @return the per-plugin checks; a failure to run them is reported as a DOWN document, never a failed Future */
  public Future<Health> health() {
    return health.checkStatus().transform(ar -> Future.succeededFuture(ar.succeeded()
      ? new Health(CheckResult.isUp(ar.result()), ar.result().toJson())
      : new Health(false, new JsonObject().put("status", "DOWN").put("outcome", "DOWN")
        .put("error", ar.cause().getMessage()))));
  }
}
