package dev.dhii.runtime.telemetry;

import dev.dhii.runtime.config.TelemetryOptions;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.dispatch.Dispatcher;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.FaultyPlugin;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.TestManifests;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code dhii.call} spans, recorded by an in-memory exporter, of a runtime on a Vert.x traced with
 * the same OpenTelemetry: one span per call, its attributes and status, and its parent span.
 */
class CallSpansTest {

  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("dhii.request.id");

  static InMemorySpanExporter spans = InMemorySpanExporter.create();
  static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
    .build();

  /** The runtime on a Vert.x built by VertxFactory with the test's SDK, and the tight blocked-thread checker. */
  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
    TestManifests.write(plugins, "nest", dev.dhii.runtime.fixtures.NestingPlugin.class, List.of("nest.outer"),
      new JsonObject().put("imports", new JsonObject().put("fx", "*")));
    TestManifests.write(plugins, "bad", FaultyPlugin.class,
      List.of("bad.throw", "bad.network", "bad.reject", "bad.output", "bad.block", "bad.never"),
      new JsonObject().put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))
        .put("circuitBreaker", new JsonObject().put("minimumCalls", 1000).put("windowSize", 1000))));
  }).telemetry(() -> Telemetry.create(new TelemetryOptions(), SDK)).build();

  static Vertx vertx;
  static DhiiRuntime runtime;
  static WebClient client;

  @BeforeAll
  static void start() {
    vertx = dhii.vertx();
    runtime = dhii.runtime();
    client = dhii.http();
  }

  @AfterAll
  static void stop() {
    SDK.close();
  }

  static HttpResponse<Buffer> post(String capabilityId, String body, String requestId) throws Exception {
    return client.post("/v1/capabilities/" + capabilityId + "/invoke").putHeader("content-type", "application/json")
      .putHeader("x-request-id", requestId).sendBuffer(Buffer.buffer(body)).await(20, TimeUnit.SECONDS);
  }

  /** @return the one call span of the request, once it and its parent (if it has one) have ended */
  static SpanData callSpan(String requestId) {
    Await.until(() -> find(requestId).filter(s -> !s.getParentSpanContext().isValid() || parentOf(s).isPresent()).isPresent(),
      Duration.ofSeconds(10), "the span of " + requestId + " and its parent have ended");
    List<SpanData> calls = spans.getFinishedSpanItems().stream()
      .filter(s -> requestId.equals(s.getAttributes().get(REQUEST_ID))).toList();
    assertEquals(1, calls.size(), "one span per call: " + calls);
    return calls.get(0);
  }

  static Optional<SpanData> find(String requestId) {
    return spans.getFinishedSpanItems().stream().filter(s -> requestId.equals(s.getAttributes().get(REQUEST_ID))).findFirst();
  }

  static Optional<SpanData> parentOf(SpanData span) {
    return spans.getFinishedSpanItems().stream()
      .filter(s -> s.getSpanId().equals(span.getParentSpanId()) && s.getTraceId().equals(span.getTraceId())).findFirst();
  }

  static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void aCallOverHttpIsOneInternalSpanChildOfTheHttpServerSpan() throws Exception {
    assertEquals(200, post("fx.echo", "{\"text\":\"hi\"}", "span-ok").statusCode());
    SpanData call = callSpan("span-ok");
    assertEquals("dhii.call fx.echo", call.getName());
    assertEquals(SpanKind.INTERNAL, call.getKind());
    assertEquals("fx", attribute(call, "dhii.plugin.id"));
    assertEquals("fx.echo", attribute(call, "dhii.capability.id"));
    assertEquals("success", attribute(call, "dhii.outcome"));
    assertEquals(1L, call.getAttributes().get(AttributeKey.longKey("dhii.attempts")));
    assertNull(attribute(call, "dhii.error.type"));
    assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());
    SpanData server = parentOf(call).orElseThrow(() -> new AssertionError("no parent span for " + call));
    assertEquals(SpanKind.SERVER, server.getKind());
    assertEquals(server.getTraceId(), call.getTraceId());
  }

  @Test
  void aPluginSeesItsCallsTraceContextAndItsNestedCallsAreChildSpans() throws Exception {
    HttpResponse<Buffer> response = post("nest.outer", "{}", "nest-1");
    assertEquals(200, response.statusCode(), response.bodyAsString());
    Await.until(() -> spans.getFinishedSpanItems().stream().filter(s -> "nest-1".equals(s.getAttributes().get(REQUEST_ID)))
      .count() == 2, Duration.ofSeconds(10), "both call spans ended");
    List<SpanData> calls = spans.getFinishedSpanItems().stream()
      .filter(s -> "nest-1".equals(s.getAttributes().get(REQUEST_ID))).toList();
    SpanData outer = calls.stream().filter(s -> s.getName().equals("dhii.call nest.outer")).findFirst().orElseThrow();
    SpanData inner = calls.stream().filter(s -> s.getName().equals("dhii.call fx.echo")).findFirst().orElseThrow();
    assertEquals(outer.getTraceId(), inner.getTraceId());
    assertEquals(outer.getSpanId(), inner.getParentSpanId(), "the nested call is a child of the plugin's call");
    String traceparent = response.bodyAsJsonObject().getJsonObject("result").getString("traceparent");
    assertEquals("00-" + outer.getTraceId() + "-" + outer.getSpanId() + "-01", traceparent);
  }

  @Test
  void aPluginThatThrowsGivesAnErrorSpanWithTheException() throws Exception {
    assertEquals(500, post("bad.throw", "{\"text\":\"x\"}", "span-throw").statusCode());
    SpanData call = callSpan("span-throw");
    assertEquals("dhii.call bad.throw", call.getName());
    assertEquals("bad", attribute(call, "dhii.plugin.id"));
    assertEquals("INTERNAL", attribute(call, "dhii.outcome"));
    assertEquals("PluginError", attribute(call, "dhii.error.type"));
    assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
    EventData exception = call.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
      .orElseThrow(() -> new AssertionError("no exception event: " + call.getEvents()));
    assertEquals(IllegalStateException.class.getName(), exception.getAttributes().get(AttributeKey.stringKey("exception.type")));
    assertEquals("boom", exception.getAttributes().get(AttributeKey.stringKey("exception.message")));
  }

  @Test
  void aNetworkFailureRecordsItsWireTypeAndAttempts() throws Exception {
    assertEquals(502, post("bad.network", "{\"text\":\"x\"}", "span-network").statusCode());
    SpanData call = callSpan("span-network");
    assertEquals("NETWORK", attribute(call, "dhii.outcome"));
    assertEquals("PluginNetworkError", attribute(call, "dhii.error.type"));
    assertEquals(1L, call.getAttributes().get(AttributeKey.longKey("dhii.attempts")));
    assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
  }

  @Test
  void aCallerErrorIsNotASpanError() throws Exception {
    assertEquals(400, post("fx.echo", "{\"text\":5}", "span-invalid").statusCode());
    SpanData call = callSpan("span-invalid");
    assertEquals("VALIDATION", attribute(call, "dhii.outcome"));
    assertEquals("PluginValidationError", attribute(call, "dhii.error.type"));
    assertEquals(0L, call.getAttributes().get(AttributeKey.longKey("dhii.attempts")));
    assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());
    assertTrue(call.getEvents().isEmpty(), "no exception recorded: " + call.getEvents());
  }

  @Test
  void anUnknownCapabilityReachingTheDispatcherIsTracedWithoutAPlugin() {
    // (the HTTP bridge sends unknown capabilities over the event bus, where no consumer answers them)
    runtime.dispatcher().invoke(CallRequest.builder("nope.nothing", new JsonObject()).requestId("span-unknown").build());
    SpanData call = callSpan("span-unknown");
    assertEquals("dhii.call nope.nothing", call.getName());
    assertEquals("nope.nothing", attribute(call, "dhii.capability.id"));
    assertNull(attribute(call, "dhii.plugin.id"));
    assertEquals("NOT_FOUND", attribute(call, "dhii.outcome"));
  }

  @Test
  void aTracedEventBusRequestCarriesItsTraceIntoTheCallSpan() throws Exception {
    vertx.eventBus().request(Addresses.capability("fx.echo"), new JsonObject().put("text", "hi"), new DeliveryOptions()
        .setTracingPolicy(TracingPolicy.ALWAYS).addHeader(Addresses.HEADER_REQUEST_ID, "span-eb"))
      .await(20, TimeUnit.SECONDS);
    SpanData call = callSpan("span-eb");
    SpanData consumer = parentOf(call).orElseThrow(() -> new AssertionError("no event bus span above " + call));
    assertEquals(SpanKind.SERVER, consumer.getKind(), "the dhii.cap.* consumer's span: " + consumer);
    // its parent is the requester's span, known from the W3C headers of the message (the requester's
    // own span is not awaited: Vert.x may not end it when a local reply beats the send's completion)
    assertTrue(consumer.getParentSpanContext().isRemote() && consumer.getParentSpanContext().isValid(),
      "the consumer's parent came with the message: " + consumer.getParentSpanContext());
    assertEquals(consumer.getParentSpanContext().getTraceId(), call.getTraceId());
  }

  @Test
  void theFailureLogLineCarriesTheCallsTraceIdInTheMdc() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(Dispatcher.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      assertEquals(502, post("bad.network", "{\"text\":\"x\"}", "span-log").statusCode());
    } finally {
      logger.detachAppender(appender);
    }
    SpanData call = callSpan("span-log");
    ILoggingEvent line = appender.list.stream().filter(e -> e.getFormattedMessage().contains("requestId=span-log"))
      .findFirst().orElseThrow(() -> new AssertionError("no log line for span-log: " + appender.list));
    assertNotNull(line.getMDCPropertyMap().get("traceId"), "MDC: " + line.getMDCPropertyMap());
    assertEquals(call.getTraceId(), line.getMDCPropertyMap().get("traceId"));
    assertEquals("span-log", line.getMDCPropertyMap().get("requestId"));
  }
}
