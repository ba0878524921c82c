package dev.dhii.runtime.telemetry.impl;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.telemetry.InstrumentedCalls;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The {@link InstrumentedCalls}: one span and one metrics update per call. */
final class InstrumentedCallsImpl implements InstrumentedCalls {

  static final AttributeKey<String> PLUGIN_ID = AttributeKey.stringKey("dhii.plugin.id");
  static final AttributeKey<String> CAPABILITY_ID = AttributeKey.stringKey("dhii.capability.id");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("dhii.request.id");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("dhii.outcome");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("dhii.error.type");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("dhii.attempts");
  static final AttributeKey<String> OUTPUT_VIOLATION = AttributeKey.stringKey("dhii.output.schema_violation");

  private final Tracer tracer;
  private final boolean metrics;
  private final PluginRegistry registry;
  private final java.util.function.Supplier<String> more;
  private final Map<String, CallSeries> series = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> inFlight = new ConcurrentHashMap<>();
  private final CallSeries unknown = new CallSeries(UNKNOWN, UNKNOWN, new LongAdder());
  /** The unknown series' key: no capability id has a space. */
  private static final String UNKNOWN_KEY = " " + UNKNOWN;

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  /**
   * @param tracer the tracer, or null when tracing is off
   * @param metrics whether to keep metrics
   * @param registry read at scrape time for the gauges
   * @param more the families written after the runtime's own (JVM, process, Vert.x), or null for none
   */
  InstrumentedCallsImpl(Tracer tracer, boolean metrics, PluginRegistry registry, java.util.function.Supplier<String> more) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.registry = registry;
    this.more = more;
  }

  @Override
  public Observation started(String capabilityId, String pluginId, String requestId) {
    return started(capabilityId, pluginId, requestId, Map.of());
  }

  @Override
  public Observation started(String capabilityId, String pluginId, String requestId, Map<String, String> parentTrace) {
    if (tracer == null && !metrics) {
      return Observation.NONE;
    }
    CallSeries s = series(capabilityId, pluginId);
    Span span = tracer == null ? null : startSpan(s, capabilityId, pluginId, requestId, parentTrace);
    if (metrics) {
      s.pluginInFlight.increment();
    }
    return new Call(s, span, System.nanoTime());
  }

  /** Capability ids are the map keys (no string built per call); a capability served by two plugins over time is keyed apart. */
  private CallSeries series(String capabilityId, String pluginId) {
    if (pluginId == null) {
      // no manifest declares it: the caller chose the id, so it gets no series of its own
      series.putIfAbsent(UNKNOWN_KEY, unknown);
      return unknown;
    }
    CallSeries s = series.get(capabilityId);
    if (s == null) {
      s = series.computeIfAbsent(capabilityId, id -> newSeries(pluginId, id));
    }
    if (s.pluginId.equals(pluginId)) {
      return s;
    }
    return series.computeIfAbsent(pluginId + ' ' + capabilityId, key -> newSeries(pluginId, capabilityId));
  }

  private CallSeries newSeries(String pluginId, String capabilityId) {
    return new CallSeries(pluginId, capabilityId, inFlight.computeIfAbsent(pluginId, id -> new LongAdder()));
  }

  private Span startSpan(CallSeries s, String capabilityId, String pluginId, String requestId,
                         Map<String, String> parentTrace) {
    SpanBuilder builder = tracer.spanBuilder(s == unknown ? "dhii.call " + capabilityId : s.spanName)
      .setSpanKind(SpanKind.INTERNAL);
    // The HTTP or event bus span that carries the call is the active context of the Vert.x context. Read
    // there directly, it is found whichever ContextStorage OpenTelemetry settled on (with another
    // storage provider on the class path, Context.current() falls back to thread locals).
    Context parent = VertxContextStorage.INSTANCE.current();
    if (parent == null && !parentTrace.isEmpty()) {
      // a plugin's nested call: its caller's span came in the ExecutionContext, not on a Vert.x context
      parent = W3C.extract(Context.root(), parentTrace, MAP_GETTER);
    }
    if (parent != null) {
      builder.setParent(parent);
    }
    Span span = builder.startSpan();
    if (span.isRecording()) { // an unsampled span keeps its ids only: attributes would be dropped
      span.setAttribute(CAPABILITY_ID, capabilityId);
      span.setAttribute(REQUEST_ID, requestId);
      if (pluginId != null) {
        span.setAttribute(PLUGIN_ID, pluginId);
      }
    }
    return span;
  }

  @Override
  public boolean metricsEnabled() {
    return metrics;
  }

  @Override
  public io.vertx.core.json.JsonArray capabilityStats() {
    io.vertx.core.json.JsonArray stats = new io.vertx.core.json.JsonArray();
    series.values().stream().distinct().forEach(s -> stats.add(s.stats()));
    return stats;
  }

  @Override
  public String scrape() {
    String own = MetricsExposition.render(series.values(), inFlight, registry);
    return more == null ? own : own + more.get();
  }

  /** One call: ended once, by the dispatcher, with its outcome. */
  private final class Call implements Observation {

    private final CallSeries series;
    private final Span span;
    private final long startNanos;

    Call(CallSeries series, Span span, long startNanos) {
      this.series = series;
      this.span = span;
      this.startNanos = startNanos;
    }

    @Override
    public void succeeded(int attempts) {
      end(null, attempts);
      if (span != null) {
        span.end();
      }
    }

    @Override
    public void failed(CallFailure failure, Throwable cause) {
      ErrorCode code = failure.error().code();
      end(code, failure.attempts());
      if (span == null) {
        return;
      }
      if (span.isRecording()) {
        span.setAttribute(ERROR_TYPE, code.type());
        if (code.countsAgainstBreaker()) {
          span.setStatus(StatusCode.ERROR, failure.error().message());
          span.recordException(cause != null ? cause : failure);
        }
      }
      span.end();
    }

    private void end(ErrorCode code, int attempts) {
      if (metrics) {
        series.record(code, System.nanoTime() - startNanos);
        series.pluginInFlight.decrement();
      }
      if (span != null && span.isRecording()) {
        span.setAttribute(OUTCOME, code == null ? "success" : code.name());
        span.setAttribute(ATTEMPTS, attempts);
      }
    }

    @Override
    public void outputSchemaViolated(String violation) {
      if (metrics) {
        series.outputViolations.increment();
      }
      if (span != null && span.isRecording()) {
        span.setAttribute(OUTPUT_VIOLATION, violation);
      }
    }

    @Override
    public Map<String, String> traceContext() {
      if (span == null || !span.getSpanContext().isValid()) {
        return Map.of();
      }
      Map<String, String> headers = new HashMap<>(2);
      W3C.inject(Context.root().with(span), headers, Map::put);
      return headers;
    }

    @Override
    public String traceId() {
      return span != null && span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
    }
  }
}
