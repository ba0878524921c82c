package dev.dhii.runtime.http;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.kernel.PluginState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/** Listings and health: {@code /v1/plugins}, {@code /v1/capabilities}, {@code /health*}, {@code /api/kernel/health}. */
final class InfoRoutes {

  private final PluginRegistry registry;
  private final HealthChecks health;

  InfoRoutes(PluginRegistry registry, HealthChecks health) {
    this.registry = registry;
    this.health = health;
  }

  void mount(Router router) {
    router.get("/v1/plugins").handler(rc -> HttpReplies.json(rc, 200,
      new JsonObject().put("plugins", registry.toJson()).put("rejected", registry.rejectedJson())));
    router.get("/v1/plugins/:id").handler(this::plugin);
    router.get("/v1/capabilities").handler(this::capabilities);
    router.get("/health/live").handler(rc -> HttpReplies.json(rc, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/health").handler(this::health);
    router.get("/api/kernel/health").handler(this::healthV1);
  }

  private void plugin(RoutingContext rc) {
    PluginRecord record = registry.plugin(rc.pathParam("id"));
    if (record == null) {
      HttpReplies.error(rc, ErrorCode.NOT_FOUND, "Unknown plugin: " + rc.pathParam("id"), null, null);
    } else {
      HttpReplies.json(rc, 200, record.toJson());
    }
  }

  private void capabilities(RoutingContext rc) {
    JsonArray list = new JsonArray();
    registry.plugins().forEach(p -> {
      if (p.host() != null) {
        p.host().capabilities().values().forEach(b -> list.add(b.capability().toJson()
          .put("pluginId", p.id()).put("pluginVersion", p.manifest().version()).put("state", p.state().name())));
      } else {
        p.manifest().capabilities().forEach(id -> list.add(new JsonObject().put("id", id).put("pluginId", p.id())
          .put("pluginVersion", p.manifest().version()).put("state", p.state().name())));
      }
    });
    HttpReplies.json(rc, 200, new JsonObject().put("capabilities", list));
  }

  private void ready(RoutingContext rc) {
    JsonObject states = new JsonObject();
    boolean ready = true;
    for (PluginRecord p : registry.plugins()) {
      states.put(p.id(), p.state().name());
      if (p.enabled() && p.state() != PluginState.READY) {
        ready = false;
      }
    }
    HttpReplies.json(rc, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "DOWN").put("plugins", states));
  }

  private void health(RoutingContext rc) {
    health.checkStatus().onComplete(ar -> {
      if (ar.failed()) {
        HttpReplies.json(rc, 503, new JsonObject().put("status", "DOWN").put("outcome", "DOWN")
          .put("error", ar.cause().getMessage()));
        return;
      }
      CheckResult result = ar.result();
      JsonObject body = result.toJson();
      HttpReplies.json(rc, CheckResult.isUp(result) ? 200 : 503, body);
    });
  }

  private void healthV1(RoutingContext rc) {
    int total = 0;
    int enabled = 0;
    boolean healthy = true;
    for (PluginRecord p : registry.plugins()) {
      total++;
      if (p.enabled()) {
        enabled++;
        healthy &= p.state() == PluginState.READY;
      }
    }
    HttpReplies.json(rc, 200, new JsonObject().put("status", healthy ? "healthy" : "degraded")
      .put("total_plugins", total).put("enabled_plugins", enabled).put("timestamp", Instant.now().toString()));
  }
}
