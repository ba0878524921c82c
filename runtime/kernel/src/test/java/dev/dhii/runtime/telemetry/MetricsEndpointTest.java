package dev.dhii.runtime.telemetry;

import dev.dhii.api.CancellationToken;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.dispatch.CallResult;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.FaultyPlugin;
import dev.dhii.runtime.fixtures.LifecyclePlugins;
import dev.dhii.runtime.fixtures.MeteredPlugin;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code GET /metrics} after a known set of calls: successes, caller errors, plugin failures, an open
 * breaker, a call held in flight, an unknown capability and a plugin's own metrics.
 */
class MetricsEndpointTest {

  static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
  static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{" + LABEL + "(?:," + LABEL + ")*\\})?"
    + " (?:-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|NaN|[+-]Inf)");
  static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");

  static HttpResponse<Buffer> during;
  static String after;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
    TestManifests.write(plugins, "bad", FaultyPlugin.class,
      List.of("bad.throw", "bad.network", "bad.reject", "bad.output", "bad.block", "bad.never"),
      new JsonObject().put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))
        .put("circuitBreaker", new JsonObject().put("failureRateThreshold", 0.5).put("windowSize", 2)
          .put("minimumCalls", 2).put("resetTimeoutMs", 600_000))));
    TestManifests.write(plugins, "metered", MeteredPlugin.class, List.of("metered.count"), null);
    TestManifests.write(plugins, "broken", LifecyclePlugins.ThrowsOnLoad.class, List.of("broken.any"), null);
  }).build();

  @BeforeAll
  static void start() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, post("fx.echo", "{\"text\":\"hi\"}"));
    }
    assertEquals(400, post("fx.echo", "{\"text\":5}"));
    assertEquals(200, post("metered.count", "{\"text\":\"a\\\"b\\\\c\\nd\"}"));
    assertEquals(200, post("metered.count", "{\"text\":\"a\\\"b\\\\c\\nd\"}"));
    CancellationToken token = CancellationToken.create();
    Future<CallResult> held = dhii.runtime().dispatcher().invoke(CallRequest.builder("bad.never", new JsonObject().put("text", "x"))
      .requestId("held").timeoutMs(60_000L).cancellation(token).build());
    Await.until(() -> dhii.runtime().registry().plugin("bad").policies().bulkhead().inFlight() == 1, Duration.ofSeconds(10),
      "bad.never holds a bulkhead slot");
    assertEquals(500, post("bad.throw", "{\"text\":\"x\"}"));
    assertEquals(502, post("bad.network", "{\"text\":\"x\"}"));
    assertEquals(503, post("bad.throw", "{\"text\":\"x\"}"), "the breaker opened after two failures in two calls");
    dhii.runtime().dispatcher().invoke(CallRequest.of("nope.nothing", new JsonObject()));
    during = dhii.http().get("/metrics").send().await(20, TimeUnit.SECONDS);
    token.cancel("test over");
    Throwable cancelled = held.transform(ar -> Future.succeededFuture(ar.cause())).await(20, TimeUnit.SECONDS);
    assertEquals("CANCELLED", ((CallFailure) cancelled).error().code().name());
    after = dhii.http().get("/metrics").send().await(20, TimeUnit.SECONDS).bodyAsString();
  }

  static int post(String capabilityId, String body) throws Exception {
    return dhii.http().post("/v1/capabilities/" + capabilityId + "/invoke").putHeader("content-type", "application/json")
      .sendBuffer(Buffer.buffer(body)).await(20, TimeUnit.SECONDS).statusCode();
  }

  /** @return the value of the sample written exactly as {@code series}, or null if there is none */
  static Double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    return null;
  }

  static void assertSample(String text, String series, double expected) {
    Double actual = value(text, series);
    if (actual == null) {
      fail("no sample " + series + " in:\n" + text);
    }
    assertEquals(expected, actual, series);
  }

  @Test
  void metricsAreServedAsPrometheusText() {
    assertEquals(200, during.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", during.getHeader("content-type"));
  }

  @Test
  void everyLineIsACommentOrASampleOfAFamilyDeclaredOnce() {
    for (String text : List.of(during.bodyAsString(), after)) {
      assertValidExposition(text);
    }
  }

  /** Fails unless every line of {@code text} is a comment or a sample of the family whose TYPE line it follows. */
  static void assertValidExposition(String text) {
    Set<String> typed = new HashSet<>();
    String family = null;
    String type = null;
    assertTrue(text.endsWith("\n"), "the exposition ends with a line feed");
    for (String line : text.split("\n")) {
      Matcher comment = COMMENT.matcher(line);
      Matcher sample = SAMPLE.matcher(line);
      if (comment.matches()) {
        if (comment.group(1).equals("TYPE")) {
          assertTrue(typed.add(comment.group(2)), "one TYPE line per family: " + line);
          family = comment.group(2);
          type = comment.group(3);
        }
      } else if (sample.matches()) {
        String name = sample.group(1);
        boolean ofFamily = name.equals(family)
          || (type != null && (type.equals("histogram") || type.equals("summary"))
          && (name.equals(family + "_bucket") || name.equals(family + "_sum") || name.equals(family + "_count")));
        assertTrue(ofFamily, "sample " + line + " follows the TYPE line of its family, not " + family);
      } else {
        fail("neither a comment nor a sample: [" + line + "]");
      }
    }
  }

  @Test
  void callsAreCountedByPluginCapabilityAndOutcome() {
    String text = during.bodyAsString();
    assertSample(text, "dhii_calls_total{plugin=\"fx\",capability=\"fx.echo\",outcome=\"success\"}", 3);
    assertSample(text, "dhii_calls_total{plugin=\"fx\",capability=\"fx.echo\",outcome=\"VALIDATION\"}", 1);
    assertSample(text, "dhii_calls_total{plugin=\"bad\",capability=\"bad.throw\",outcome=\"INTERNAL\"}", 1);
    assertSample(text, "dhii_calls_total{plugin=\"bad\",capability=\"bad.throw\",outcome=\"CIRCUIT_OPEN\"}", 1);
    assertSample(text, "dhii_calls_total{plugin=\"bad\",capability=\"bad.network\",outcome=\"NETWORK\"}", 1);
    assertSample(text, "dhii_calls_total{plugin=\"_unknown\",capability=\"_unknown\",outcome=\"NOT_FOUND\"}", 1);
    assertNull(value(text, "dhii_calls_total{plugin=\"fx\",capability=\"fx.echo\",outcome=\"INTERNAL\"}"),
      "outcomes that never happened have no series");
    assertSample(after, "dhii_calls_total{plugin=\"bad\",capability=\"bad.never\",outcome=\"CANCELLED\"}", 1);
  }

  @Test
  void durationsAreAHistogramPerCapability() {
    String text = during.bodyAsString();
    String labels = "plugin=\"fx\",capability=\"fx.echo\"";
    assertTrue(text.contains("# TYPE dhii_call_duration_seconds histogram\n"));
    assertSample(text, "dhii_call_duration_seconds_count{" + labels + "}", 4);
    assertSample(text, "dhii_call_duration_seconds_bucket{" + labels + ",le=\"+Inf\"}", 4);
    double previous = 0;
    for (String le : List.of("0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1",
      "2.5", "5", "10", "30", "+Inf")) {
      Double bucket = value(text, "dhii_call_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"}");
      assertTrue(bucket != null && bucket >= previous, "buckets are cumulative, le=" + le + ": " + bucket);
      previous = bucket;
    }
    double sum = value(text, "dhii_call_duration_seconds_sum{" + labels + "}");
    assertTrue(sum > 0 && sum < 20, "sum in seconds: " + sum);
  }

  @Test
  void callsInFlightAndTheBulkheadAreGauges() {
    String text = during.bodyAsString();
    assertSample(text, "dhii_calls_in_flight{plugin=\"bad\"}", 1);
    assertSample(text, "dhii_bulkhead_in_flight{plugin=\"bad\"}", 1);
    assertSample(text, "dhii_bulkhead_queued{plugin=\"bad\"}", 0);
    assertSample(text, "dhii_calls_in_flight{plugin=\"fx\"}", 0);
    assertSample(text, "dhii_bulkhead_in_flight{plugin=\"fx\"}", 0);
    assertSample(after, "dhii_calls_in_flight{plugin=\"bad\"}", 0);
  }

  @Test
  void theBreakerStateIsAGauge() {
    String text = during.bodyAsString();
    assertSample(text, "dhii_breaker_state{plugin=\"bad\"}", 2);
    assertSample(text, "dhii_breaker_state{plugin=\"fx\"}", 0);
    assertNull(value(text, "dhii_breaker_state{plugin=\"broken\"}"), "a plugin that is not serving has no breaker");
  }

  @Test
  void eachPluginIsOneForItsCurrentState() {
    String text = during.bodyAsString();
    assertSample(text, "dhii_plugin_state{plugin=\"fx\",state=\"READY\"}", 1);
    assertSample(text, "dhii_plugin_state{plugin=\"fx\",state=\"FAILED\"}", 0);
    assertSample(text, "dhii_plugin_state{plugin=\"broken\",state=\"FAILED\"}", 1);
    assertSample(text, "dhii_plugin_state{plugin=\"broken\",state=\"READY\"}", 0);
  }

  @Test
  void pluginsOwnMetricsCarryThePluginLabelAndEscapedValues() {
    String text = during.bodyAsString();
    assertTrue(text.contains("# TYPE dhii_plugin_things counter\n"), text);
    assertSample(text, "dhii_plugin_things{plugin=\"metered\",kind=\"a\\\"b\\\\c\\nd\"}", 4);
    assertTrue(text.contains("# TYPE dhii_plugin_size_bytes summary\n"), text);
    assertSample(text, "dhii_plugin_size_bytes_count{plugin=\"metered\"}", 2);
    assertSample(text, "dhii_plugin_size_bytes_sum{plugin=\"metered\"}", 25);
  }

  /**
   * The runtime's own families ({@code dhii_*}) of the scrape after the calls above, as lines without values: the
   * comments whole, each sample's name and labels. {@code metrics-series.txt} holds them as the hand-written
   * exposition wrote them before JVM and Vert.x metrics joined the scrape; a change to a name, a label, a type or
   * a help text shows here.
   */
  @Test
  void theRuntimeSeriesAreTheRecordedOnes() throws IOException {
    List<String> actual = runtimeSeries(after);
    String record = System.getProperty("dhii.test.recordSeries");
    if (record != null) {
      Files.write(Path.of(record), actual, StandardCharsets.UTF_8);
    }
    List<String> expected;
    try (InputStream in = MetricsEndpointTest.class.getResourceAsStream("metrics-series.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertEquals(expected, actual);
  }

  /** @return the comment lines and sample identities of the {@code dhii_*} families, in the order written */
  static List<String> runtimeSeries(String text) {
    List<String> lines = new ArrayList<>();
    boolean runtimeFamily = false;
    for (String line : text.split("\n")) {
      Matcher comment = COMMENT.matcher(line);
      if (comment.matches()) {
        runtimeFamily = comment.group(2).startsWith("dhii_");
        if (runtimeFamily) {
          lines.add(line);
        }
      } else if (runtimeFamily) {
        lines.add(line.substring(0, line.lastIndexOf(' ')));
      }
    }
    return lines;
  }
}
