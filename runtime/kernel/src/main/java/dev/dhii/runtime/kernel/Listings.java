package dev.dhii.runtime.kernel;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * The listing and health documents every bridge serves: HTTP's {@code GET /v1/plugins},
 * {@code GET /v1/capabilities} and {@code GET /health}, and the same JSON from the WebSocket bridge's
 * {@code plugins.list}, {@code capabilities.list} and {@code health}.
 */
public final class Listings {

  /**
   * The runtime's health.
   *
   * @param up whether every check is UP (HTTP answers 200, else 503)
   * @param body the vertx-health-check document
   */
  public record Health(boolean up, JsonObject body) {
  }

  private final PluginRegistry registry;
  private final HealthChecks health;

  /**
   * @param registry the local registry
   * @param health the plugins' health procedures
   */
  public Listings(PluginRegistry registry, HealthChecks health) {
    this.registry = registry;
    this.health = health;
  }

  /** @return {@code {"plugins": [...], "rejected": [...]}}: every plugin, and the manifests that could not be read */
  public JsonObject plugins() {
    return new JsonObject().put("plugins", registry.toJson()).put("rejected", registry.rejectedJson());
  }

  /** @return {@code {"capabilities": [...]}}: every capability with its schemas, plugin and state */
  public JsonObject capabilities() {
    return new JsonObject().put("capabilities", registry.capabilitiesJson());
  }

  /** @return the per-plugin checks; a failure to run them is reported as a DOWN document, never a failed Future */
  public Future<Health> health() {
    return health.checkStatus().transform(ar -> Future.succeededFuture(ar.succeeded()
      ? new Health(CheckResult.isUp(ar.result()), ar.result().toJson())
      : new Health(false, new JsonObject().put("status", "DOWN").put("outcome", "DOWN")
        .put("error", ar.cause().getMessage()))));
  }
}
