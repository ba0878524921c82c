package dev.dhii.runtime.telemetry.impl;

import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.telemetry.InstrumentedCalls;
import dev.dhii.runtime.telemetry.Telemetry;
import dev.dhii.runtime.config.TelemetryOptions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link Telemetry}: builds (or wraps) the OpenTelemetry SDK and hands out call instrumentation. */
public final class TelemetryImpl implements Telemetry {

  /** Settings whose presence means the operator wants spans exported: then the SDK is autoconfigured. */
  static final List<String> EXPORT_VARIABLES = List.of("OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_SDK_DISABLED");

  private final TelemetryOptions options;
  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk owned;
  private final boolean exporting;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RuntimeMeters meters;
  private final java.util.List<EventLoopDelay> probes = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param options the settings
   * @param openTelemetry the instance to trace with
   * @param owned the SDK to shut down on close, or null when the caller owns it
   * @param exporting whether the SDK exports spans
   */
  public TelemetryImpl(TelemetryOptions options, OpenTelemetry openTelemetry, OpenTelemetrySdk owned, boolean exporting) {
    this.options = new TelemetryOptions(options);
    this.openTelemetry = options.isTracing() ? openTelemetry : OpenTelemetry.noop();
    this.owned = owned;
    this.exporting = exporting;
    this.meters = options.isMetrics() ? new RuntimeMeters() : null;
  }

  /**
   * @param options the settings
   * @param env the environment
   * @return an autoconfigured SDK when {@code env} (or a system property) asks for export, else an SDK without exporter
   */
  public static Telemetry fromEnvironment(TelemetryOptions options, Map<String, String> env) {
    if (!options.isTracing()) {
      return new TelemetryImpl(options, OpenTelemetry.noop(), null, false);
    }
    if (exportRequested(env)) {
      OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> autoconfigureDefaults(options, env))
        .build()
        .getOpenTelemetrySdk();
      return new TelemetryImpl(options, sdk, sdk, true);
    }
    Resource resource = Resource.getDefault()
      .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), options.getServiceName())));
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      // nothing exports: spans keep their ids (logs, propagation) but are not recorded, unless an
      // upstream caller sampled the trace
      .setTracerProvider(SdkTracerProvider.builder().setResource(resource)
        .setSampler(Sampler.parentBased(Sampler.alwaysOff())).build())
      .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
      .build();
    return new TelemetryImpl(options, sdk, sdk, false);
  }

  static boolean exportRequested(Map<String, String> env) {
    for (String name : EXPORT_VARIABLES) {
      if (env.containsKey(name) || System.getProperty(propertyName(name)) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Defaults under the environment (which autoconfiguration reads itself and which wins): our service
   * name, W3C propagation, and no OpenTelemetry metrics or logs export, since the runtime's metrics are
   * served at {@code /metrics} and its logs go through SLF4J. {@code env} is copied in as properties so
   * that a caller-supplied environment applies too.
   */
  private static Map<String, String> autoconfigureDefaults(TelemetryOptions options, Map<String, String> env) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", options.getServiceName());
    defaults.put("otel.propagators", "tracecontext,baggage");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    env.forEach((name, value) -> {
      if (name.startsWith("OTEL_")) {
        defaults.put(propertyName(name), value);
      }
    });
    return defaults;
  }

  private static String propertyName(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  @Override
  public TelemetryOptions options() {
    return new TelemetryOptions(options);
  }

  @Override
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  @Override
  public boolean exporting() {
    return exporting;
  }

  @Override
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return meters == null ? null : meters.registry();
  }

  @Override
  public void watch(io.vertx.core.Vertx vertx) {
    if (meters != null && !closed.get()) {
      probes.add(EventLoopDelay.watch(vertx, meters.registry()));
    }
  }

  @Override
  public InstrumentedCalls instrument(PluginRegistry registry) {
    return new InstrumentedCallsImpl(options.isTracing() ? openTelemetry.getTracer("dev.dhii.runtime") : null,
      options.isMetrics(), registry, meters == null ? null : meters::scrape);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      probes.forEach(EventLoopDelay::stop);
      if (meters != null) {
        meters.close();
      }
      if (owned != null) {
        owned.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }
}
