package dev.dhii.runtime.telemetry;

import dev.dhii.runtime.dispatch.CallObserver;

/**
 * The specification's {@code InstrumentedPlugin} (§3.2): watches every capability call the dispatcher
 * runs, and serves what it measured.
 * <p>
 * Each call is one span {@code dhii.call <capabilityId>} (kind INTERNAL, a child of the HTTP or event bus
 * span that carried the call, if any) with the attributes {@code dhii.plugin.id}, {@code dhii.capability.id},
 * {@code dhii.request.id}, {@code dhii.outcome} ({@code success} or the error code), {@code dhii.attempts}
 * and, on failure, {@code dhii.error.type}; a failure that is the plugin's fault (it counts against its
 * breaker) sets the status ERROR and records the exception.
 * <p>
 * The metrics, in the Prometheus text format 0.0.4: {@code dhii_calls_total{plugin,capability,outcome}},
 * {@code dhii_call_duration_seconds{plugin,capability}} (histogram), {@code dhii_calls_in_flight{plugin}},
 * {@code dhii_bulkhead_in_flight{plugin}}, {@code dhii_bulkhead_queued{plugin}},
 * {@code dhii_breaker_state{plugin}} (0 closed, 1 half-open, 2 open), {@code dhii_plugin_state{plugin,state}}
 * (1 for the current state) and each plugin's own metrics as {@code dhii_plugin_<name>{plugin,...}}.
 * Calls of unknown capabilities are counted under {@code plugin="_unknown", capability="_unknown"}, so
 * that callers cannot create series at will. After these come the JVM, process and Vert.x families of
 * {@link Telemetry#meterRegistry()}. Thread-safe.
 */
public interface InstrumentedCalls extends CallObserver {

  /** Label value of calls to capabilities that no manifest declares. */
  String UNKNOWN = "_unknown";

  /** @return whether metrics are kept (and {@code GET /metrics} is served) */
  boolean metricsEnabled();

  /** @return every metric, in the Prometheus text exposition format 0.0.4 */
  String scrape();

  /**
   * What the operator console shows of each capability, read from the same counters as {@link #scrape()}.
   *
   * @return one object per capability that has been called: {@code plugin}, {@code capability}, {@code calls}
   *   (all outcomes), {@code errors} (every outcome but success), {@code p50Ms} and {@code p99Ms} (the upper bound
   *   of the histogram bucket holding that quantile, null above the last bound or without calls)
   */
  io.vertx.core.json.JsonArray capabilityStats();
}
