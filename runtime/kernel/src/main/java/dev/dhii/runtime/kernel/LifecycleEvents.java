package dev.dhii.runtime.kernel;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.resilience.BreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The plugin lifecycle events the kernel publishes at {@link Addresses#EVENTS}: {@code {"type", "pluginId",
 * "timestamp", ...}} with types {@code plugin.ready}, {@code plugin.failed}, {@code plugin.redeployed},
 * {@code plugin.redeploy_failed}, {@code plugin.disabled}, {@code plugin.enabled}, {@code plugin.unloaded},
 * {@code breaker.open}, {@code breaker.half_open} and {@code breaker.closed}.
 */
final class LifecycleEvents {

  private final Vertx vertx;

  LifecycleEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * @param type the event's type
   * @param pluginId the plugin it is about
   * @param extra further fields merged into the event, or null
   */
  void publish(String type, String pluginId, JsonObject extra) {
    JsonObject event = new JsonObject().put("type", type).put("pluginId", pluginId).put("timestamp", System.currentTimeMillis());
    if (extra != null) {
      event.mergeIn(extra);
    }
    vertx.eventBus().publish(Addresses.EVENTS, event);
  }

  /** @return the event type of a circuit breaker's new state */
  static String breakerEvent(BreakerState state) {
    return switch (state) {
      case OPEN -> "breaker.open";
      case HALF_OPEN -> "breaker.half_open";
      case CLOSED -> "breaker.closed";
    };
  }
}
