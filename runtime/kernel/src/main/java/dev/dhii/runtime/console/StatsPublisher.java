package dev.dhii.runtime.console;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.telemetry.InstrumentedCalls;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.LongSupplier;

/**
 * Publishes this node's numbers on {@code dhii.events} once a period, as an event of type {@value #TYPE},
 * while at least one WebSocket connection holds a subscription (nobody subscribed: nothing is built or
 * sent). The event: {@code node}, {@code timestamp}, {@code capabilities} (each called capability's
 * {@code plugin}, {@code capability}, {@code calls}, {@code errors}, {@code p50Ms}, {@code p99Ms}, totals
 * since start) and {@code plugins} (each plugin's {@code id}, {@code state}, {@code enabled},
 * {@code generation}, {@code isolation}, {@code breaker}, {@code bulkhead} and {@code resources}). Rates are
 * the reader's: the difference of two successive totals over the difference of their timestamps. Delivered
 * on this node only: each node's subscribers see that node's numbers.
 */
final class StatsPublisher {

  /** The event type, which a WebSocket client subscribes to with the topic {@code "console."} or itself. */
  static final String TYPE = "console.stats";
  /** How often an event is published while someone is subscribed. */
  static final long PERIOD_MS = 1000;

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final String[] PLUGIN_FIELDS = {"id", "state", "enabled", "generation", "isolation", "breaker", "bulkhead",
    "resources"};

  private final InstrumentedCalls calls;
  private final PluginRegistry registry;
  private final LongSupplier subscribed;
  private final String node;

  /**
   * @param calls the call counters
   * @param registry the local plugins
   * @param subscribed how many topics the WebSocket connections hold together
   * @param node this node's id
   */
  StatsPublisher(InstrumentedCalls calls, PluginRegistry registry, LongSupplier subscribed, String node) {
    this.calls = calls;
    this.registry = registry;
    this.subscribed = subscribed;
    this.node = node;
  }

  /**
   * Starts publishing on the calling context; the timer ends with that context's deployment.
   *
   * @param vertx the Vert.x instance
   * @return the timer id
   */
  long start(Vertx vertx) {
    return vertx.setPeriodic(PERIOD_MS, id -> {
      if (subscribed.getAsLong() > 0) {
        vertx.eventBus().publish(Addresses.EVENTS, event(), LOCAL);
      }
    });
  }

  /** @return the event as it is published now */
  JsonObject event() {
    JsonArray plugins = new JsonArray();
    for (PluginRecord record : registry.plugins()) {
      JsonObject full = record.toJson();
      JsonObject plugin = new JsonObject();
      for (String field : PLUGIN_FIELDS) {
        if (full.containsKey(field)) {
          plugin.put(field, full.getValue(field));
        }
      }
      plugins.add(plugin);
    }
    return new JsonObject().put("type", TYPE).put("node", node).put("timestamp", System.currentTimeMillis())
      .put("capabilities", calls.capabilityStats()).put("plugins", plugins);
  }
}
