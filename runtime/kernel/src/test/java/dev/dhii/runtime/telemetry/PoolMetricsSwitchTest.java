package dev.dhii.runtime.telemetry;

import dev.dhii.runtime.config.TelemetryOptions;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code telemetry.poolMetrics: false}: no Vert.x worker-pool meters, the runtime's and the JVM's series stay. */
class PoolMetricsSwitchTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(dir -> TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null))
    .telemetry(() -> Telemetry.create(new TelemetryOptions().setTracing(false).setPoolMetrics(false)))
    .build();

  @Test
  void withoutPoolMetricsThereIsNoPoolSeries() throws Exception {
    assertEquals(200, dhii.http().post("/v1/capabilities/fx.echo/invoke").putHeader("content-type", "application/json")
      .sendBuffer(Buffer.buffer("{\"text\":\"hi\"}")).await(20, TimeUnit.SECONDS).statusCode());
    String text = dhii.http().get("/metrics").send().await(20, TimeUnit.SECONDS).bodyAsString();
    assertTrue(text.contains("dhii_calls_total{plugin=\"fx\",capability=\"fx.echo\",outcome=\"success\"} 1"), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("jvm_memory_used_bytes{")), text);
    assertFalse(text.lines().anyMatch(l -> l.startsWith("vertx_pool_")), text);
  }
}
