package dev.dhii.runtime.http;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.auth.Disclosure;
import dev.dhii.runtime.kernel.HealthDocuments;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.cluster.ClusterView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * Listings and health: {@code /v1/plugins}, {@code /v1/capabilities}, {@code /v1/capabilities/{id}} (cluster-wide when clustered, see
 * {@link ClusterView}), {@code /health*}, {@code /api/kernel/health} (this node).
 */
final class InfoRoutes {

  private final PluginRegistry registry;
  private final HealthDocuments healthDocuments;
  private final ClusterView view;
  private dev.dhii.runtime.dispatch.Authenticator authenticator = dev.dhii.runtime.dispatch.Authenticator.none();

  InfoRoutes(PluginRegistry registry, HealthChecks health, ClusterView view) {
    this.registry = registry;
    this.healthDocuments = new HealthDocuments(health);
    this.view = view;
  }

  /** Anonymous callers get listings and health without causes, messages, details or paths ({@link Disclosure}). */
  InfoRoutes disclosure(dev.dhii.runtime.dispatch.Authenticator authenticator) {
    this.authenticator = authenticator;
    return this;
  }

  /** Answers a listing in full to a caller with a valid token, redacted to anyone else. */
  private void disclose(RoutingContext rc, int status, JsonObject body) {
    Disclosure.full(authenticator, rc.request().getHeader("authorization")).onComplete(ar ->
      HttpReplies.json(rc, status, ar.succeeded() && ar.result() ? body : Disclosure.anonymous(body)));
  }

  void mount(Router router) {
    router.get("/v1/plugins").handler(rc -> listing(rc, view.plugins()));
    router.get("/v1/plugins/:id").handler(this::plugin);
    router.get("/v1/capabilities").handler(rc -> listing(rc, view.capabilities()));
    router.get("/v1/capabilities/:id").handler(this::capability);
    router.get("/health/live").handler(rc -> HttpReplies.json(rc, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/health").handler(this::health);
    router.get("/api/kernel/health").handler(this::healthV1);
  }

  private void listing(RoutingContext rc, Future<JsonObject> listing) {
    listing.onComplete(ar -> {
      if (ar.succeeded()) {
        disclose(rc, 200, ar.result());
      } else {
        rc.fail(ar.cause());
      }
    });
  }

  private void plugin(RoutingContext rc) {
    String id = rc.pathParam("id");
    view.plugin(id).onComplete(ar -> {
      if (ar.failed()) {
        rc.fail(ar.cause());
      } else if (ar.result() == null) {
        HttpReplies.error(rc, ErrorCode.NOT_FOUND, "Unknown plugin: " + id, null, null);
      } else {
        disclose(rc, 200, ar.result());
      }
    });
  }

  /** One capability's listing entry (both schemas while it is served), or 404 NOT_FOUND. */
  private void capability(RoutingContext rc) {
    String id = rc.pathParam("id");
    view.capabilities().onComplete(ar -> {
      if (ar.failed()) {
        rc.fail(ar.cause());
        return;
      }
      JsonObject entry = ar.result().getJsonArray("capabilities", new io.vertx.core.json.JsonArray()).stream()
        .filter(c -> c instanceof JsonObject o && id.equals(o.getString("id"))).map(c -> (JsonObject) c)
        .findFirst().orElse(null);
      if (entry == null) {
        HttpReplies.error(rc, ErrorCode.NOT_FOUND, "Unknown capability: " + id, null, id);
      } else {
        disclose(rc, 200, entry);
      }
    });
  }

  private void ready(RoutingContext rc) {
    JsonObject states = new JsonObject();
    for (PluginRecord p : registry.plugins()) {
      states.put(p.id(), p.state().name());
    }
    boolean ready = registry.notReady().isEmpty();
    HttpReplies.json(rc, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "DOWN").put("plugins", states));
  }

  private void health(RoutingContext rc) {
    healthDocuments.health().onSuccess(h -> disclose(rc, h.up() ? 200 : 503, h.body()));
  }

  private void healthV1(RoutingContext rc) {
    int total = 0;
    int enabled = 0;
    for (PluginRecord p : registry.plugins()) {
      total++;
      if (p.enabled()) {
        enabled++;
      }
    }
    boolean healthy = registry.notReady().isEmpty();
    HttpReplies.json(rc, 200, new JsonObject().put("status", healthy ? "healthy" : "degraded")
      .put("total_plugins", total).put("enabled_plugins", enabled).put("timestamp", Instant.now().toString()));
  }
}
