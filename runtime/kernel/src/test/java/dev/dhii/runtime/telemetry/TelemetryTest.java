package dev.dhii.runtime.telemetry;

import dev.dhii.runtime.config.TelemetryOptions;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Telemetry settings, and how the environment chooses between an exporting and a local SDK. */
class TelemetryTest {

  /** A Vert.x with the tight blocked-thread checker, for the fake collector. */
  @RegisterExtension
  final DhiiRuntimeExtension loops = DhiiRuntimeExtension.vertxOnly();

  @Test
  void theTelemetrySectionOfTheConfigurationHasDefaultsAndOverrides() {
    TelemetryOptions defaults = new RuntimeOptions().telemetry();
    assertEquals("dhii-runtime", defaults.getServiceName());
    assertTrue(defaults.isTracing());
    assertTrue(defaults.isMetrics());
    TelemetryOptions set = new RuntimeOptions(new JsonObject().put("telemetry", new JsonObject()
      .put("serviceName", "mail-node-1").put("tracing", false))).telemetry();
    assertEquals("mail-node-1", set.getServiceName());
    assertFalse(set.isTracing());
    assertTrue(set.isMetrics());
    assertEquals(set.toJson(), new TelemetryOptions(set.toJson()).toJson());
    assertEquals(set.toJson(), new TelemetryOptions(set).toJson());
    assertThrows(IllegalArgumentException.class, () -> new TelemetryOptions().setServiceName(" "));
  }

  @Test
  void withoutOtelVariablesSpansAreCreatedButNotExported() {
    try (Telemetry telemetry = Telemetry.create(new TelemetryOptions(), Map.of())) {
      assertFalse(telemetry.exporting());
      Span span = telemetry.openTelemetry().getTracer("test").spanBuilder("x").startSpan();
      assertTrue(span.getSpanContext().isValid(), "a trace id for the logs");
      span.end();
      String traceId = telemetry.instrument(new PluginRegistry()).started("a.b", "a", "r1").traceId();
      assertNotNull(traceId);
      assertEquals(32, traceId.length());
      // nothing exports them, so root spans are not recorded (ids only) ...
      assertFalse(span.isRecording());
      // ... while a trace an upstream caller sampled stays sampled for the services downstream
      String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
      io.opentelemetry.context.Context upstream = telemetry.openTelemetry().getPropagators().getTextMapPropagator()
        .extract(io.opentelemetry.context.Context.root(), Map.of("traceparent", parent), new io.opentelemetry.context.propagation.TextMapGetter<Map<String, String>>() {
          @Override
          public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
          }

          @Override
          public String get(Map<String, String> carrier, String key) {
            return carrier.get(key);
          }
        });
      Span child = telemetry.openTelemetry().getTracer("test").spanBuilder("y").setParent(upstream).startSpan();
      assertTrue(child.getSpanContext().isSampled());
      assertEquals("0af7651916cd43dd8448eb211c80319c", child.getSpanContext().getTraceId());
      child.end();
    }
  }

  @Test
  void withTracingOffCallsHaveNoSpan() {
    try (Telemetry telemetry = Telemetry.create(new TelemetryOptions().setTracing(false), Map.of("OTEL_TRACES_EXPORTER", "otlp"))) {
      assertFalse(telemetry.exporting());
      InstrumentedCalls calls = telemetry.instrument(new PluginRegistry());
      assertNull(calls.started("a.b", "a", "r1").traceId());
      assertFalse(telemetry.openTelemetry().getTracer("test").spanBuilder("x").startSpan().getSpanContext().isValid());
    }
  }

  @Test
  void otelVariablesSwitchOtlpExportOn() throws Exception {
    Vertx vertx = loops.vertx();
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer collector = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(req.method() + " " + req.path() + " " + req.getHeader("content-type"));
      req.response().putHeader("content-type", "application/x-protobuf").end();
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Telemetry telemetry = Telemetry.create(new TelemetryOptions(), Map.of(
      "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.actualPort(),
      "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
    assertTrue(telemetry.exporting());
    telemetry.instrument(new PluginRegistry()).started("a.b", "a", "r1").succeeded(1);
    telemetry.close(); // flushes the batch
    Await.until(() -> !received.isEmpty(), Duration.ofSeconds(10), "the collector received the span");
    assertEquals("POST /v1/traces application/x-protobuf", received.get(0));
  }
}
