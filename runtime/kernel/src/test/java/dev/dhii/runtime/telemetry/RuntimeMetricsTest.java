package dev.dhii.runtime.telemetry;

import dev.dhii.runtime.config.TelemetryOptions;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} of a runtime on a Vert.x built by {@code VertxFactory}: the JVM, process, event-loop and
 * worker-pool series after the runtime's own, which keep their names and labels.
 */
class RuntimeMetricsTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(dir -> TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null))
    .telemetry(() -> Telemetry.create(new TelemetryOptions().setTracing(false)))
    .build();

  static String text;

  @BeforeAll
  static void scrape() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, dhii.http().post("/v1/capabilities/fx.echo/invoke").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"text\":\"hi\"}")).await(20, TimeUnit.SECONDS).statusCode());
    }
    // each event loop's first probe runs 100 ms after Vert.x started; every loop has run one by now or soon
    int loops = 0;
    for (Object loop : ((io.vertx.core.internal.VertxInternal) dhii.vertx()).nettyEventLoopGroup()) {
      loops++;
    }
    int eventLoops = loops;
    Await.until(() -> count(metrics(), "vertx_eventloop_delay_seconds_count\\{loop=\"vert\\.x-eventloop-thread-\\d+\"\\} \\S+")
      == eventLoops, Duration.ofSeconds(10), "a delay series for each of the " + eventLoops + " event loops");
    text = metrics();
  }

  static String metrics() {
    try {
      return dhii.http().get("/metrics").send().await(20, TimeUnit.SECONDS).bodyAsString();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("GET /metrics took over 20 s", e);
    }
  }

  static int count(String text, String regex) {
    Pattern pattern = Pattern.compile(regex);
    return (int) text.lines().filter(line -> pattern.matcher(line).matches()).count();
  }

  static void assertSeries(String regex) {
    assertTrue(count(text, regex) > 0, "a line matching " + regex + " in:\n" + text);
  }

  @Test
  void theWholeScrapeIsValidPrometheusText() {
    MetricsEndpointTest.assertValidExposition(text);
  }

  @Test
  void heapGcThreadsAndClassesAreThere() {
    assertSeries("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"\\} \\S+");
    assertSeries("jvm_memory_max_bytes\\{area=\"nonheap\",id=\"[^\"]+\"\\} \\S+");
    assertSeries("jvm_gc_memory_allocated_bytes_total \\S+");
    assertSeries("jvm_threads_live_threads \\S+");
    assertSeries("jvm_threads_states_threads\\{state=\"runnable\"\\} \\S+");
    assertSeries("jvm_classes_loaded_classes \\S+");
  }

  @Test
  void processCpuUptimeAndFilesAreThere() {
    assertSeries("process_cpu_usage \\S+");
    assertSeries("system_cpu_count \\S+");
    assertSeries("process_uptime_seconds \\S+");
    assertSeries("process_start_time_seconds \\S+");
    assertSeries("process_files_open_files \\S+");
  }

  @Test
  void eachEventLoopHasItsDelay() {
    assertSeries("vertx_eventloop_delay_seconds_max\\{loop=\"vert\\.x-eventloop-thread-\\d+\"\\} \\S+");
    assertSeries("vertx_eventloop_delay_seconds_sum\\{loop=\"vert\\.x-eventloop-thread-\\d+\"\\} \\S+");
    assertTrue(text.contains("# TYPE vertx_eventloop_delay_seconds summary\n"), text);
  }

  @Test
  void workerPoolsShowTheirUse() {
    assertSeries("vertx_pool_in_use\\{pool_name=\"vert\\.x-worker-thread\",pool_type=\"worker\"\\} \\S+");
    assertSeries("vertx_pool_queue_pending\\{pool_name=\"vert\\.x-worker-thread\",pool_type=\"worker\"\\} \\S+");
    assertSeries("vertx_pool_usage_seconds_count\\{pool_name=\"[^\"]+\",pool_type=\"worker\"\\} \\S+");
  }

  @Test
  void theRuntimeSeriesComeFirstWithTheirNamesAndLabels() {
    assertTrue(text.startsWith("# HELP dhii_calls_total "), text);
    MetricsEndpointTest.assertSample(text, "dhii_calls_total{plugin=\"fx\",capability=\"fx.echo\",outcome=\"success\"}", 3);
    MetricsEndpointTest.assertSample(text, "dhii_call_duration_seconds_bucket{plugin=\"fx\",capability=\"fx.echo\",le=\"+Inf\"}", 3);
    MetricsEndpointTest.assertSample(text, "dhii_plugin_state{plugin=\"fx\",state=\"READY\"}", 1);
    assertFalse(text.contains("vertx_http_server"), "per-request Vert.x meters are off: the runtime counts its calls");
  }
}
