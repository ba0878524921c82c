package dev.dhii.runtime.telemetry;

import dev.dhii.runtime.config.TelemetryOptions;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.telemetry.impl.TelemetryImpl;
import io.opentelemetry.api.OpenTelemetry;

import java.util.Map;

/**
 * The runtime's tracing and metrics, built once at boot from {@link TelemetryOptions}. It owns the
 * OpenTelemetry instance that Vert.x (HTTP server, event bus) and the capability calls trace with.
 * <p>
 * When the environment asks for export ({@code OTEL_TRACES_EXPORTER}, {@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code OTEL_SDK_DISABLED}, or their {@code otel.*} system
 * properties), the SDK is built by OpenTelemetry's autoconfiguration, so every standard {@code OTEL_*}
 * variable applies. Otherwise it is an SDK without exporter: spans are still created, so that trace ids
 * reach the logs. Propagation is W3C trace context (and baggage).
 */
public interface Telemetry extends AutoCloseable {

  /**
   * @param options the settings
   * @return telemetry configured by the settings and the process environment
   */
  static Telemetry create(TelemetryOptions options) {
    return create(options, System.getenv());
  }

  /**
   * @param options the settings
   * @param env the environment whose {@code OTEL_*} variables configure export
   * @return the telemetry; {@link #close()} shuts its SDK down
   * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException if the {@code OTEL_*} settings are invalid
   */
  static Telemetry create(TelemetryOptions options, Map<String, String> env) {
    return TelemetryImpl.fromEnvironment(options, env);
  }

  /**
   * Telemetry on an OpenTelemetry instance the caller built (an embedding application's, or a test's
   * SDK with an in-memory exporter). The caller keeps ownership: {@link #close()} does not shut it down.
   *
   * @param options the settings
   * @param openTelemetry the instance to trace with
   * @return the telemetry
   */
  static Telemetry create(TelemetryOptions options, OpenTelemetry openTelemetry) {
    return new TelemetryImpl(options, openTelemetry, null, false);
  }

  /** @return the settings */
  TelemetryOptions options();

  /** @return the instance to trace with; a no-op one when tracing is off */
  OpenTelemetry openTelemetry();

  /** @return whether spans are exported (the {@code OTEL_*} environment asked for it) */
  boolean exporting();

  /**
   * @return the Micrometer registry of the JVM, process and Vert.x metrics served after the runtime's own at
   *     {@code GET /metrics} ({@link dev.dhii.runtime.VertxFactory} has Vert.x record its worker pools there), or
   *     null when metrics are off
   */
  io.micrometer.core.instrument.MeterRegistry meterRegistry();

  /**
   * Measures the delay of each event loop of {@code vertx} into {@code vertx_eventloop_delay_seconds}, until
   * Vert.x or this telemetry closes; nothing when metrics are off. {@link dev.dhii.runtime.VertxFactory} calls it.
   *
   * @param vertx the Vert.x the runtime runs on
   */
  void watch(io.vertx.core.Vertx vertx);

  /**
   * Creates the instrumentation of one runtime's calls: the {@code dhii.call} spans and the metrics
   * served at {@code GET /metrics}, whose gauges read {@code registry}.
   *
   * @param registry the runtime's plugins
   * @return the call observer and metrics source
   */
  InstrumentedCalls instrument(PluginRegistry registry);

  /**
   * Flushes and shuts down the SDK this telemetry built (not one passed in), stops the JVM and event-loop
   * metrics. Idempotent.
   */
  @Override
  void close();
}
