package dev.dhii.runtime.telemetry.impl;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.config.TelemetryOptions;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.telemetry.InstrumentedCalls;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link InstrumentedCalls#capabilityStats()}, what the operator console shows of each capability. */
class CapabilityStatsTest {

  private static final long MS = 1_000_000L;

  @Test
  void quantilesAreTheUpperBoundOfTheBucketHoldingThem() {
    CallSeries series = new CallSeries("p", "p.c", new LongAdder());
    // 100 calls: 90 of 0.8 ms (bucket le=1 ms), 8 of 20 ms (le=25 ms), 2 of 400 ms (le=500 ms)
    for (int i = 0; i < 90; i++) {
      series.record(null, 800_000L);
    }
    for (int i = 0; i < 8; i++) {
      series.record(ErrorCode.TIMEOUT, 20 * MS);
    }
    series.record(ErrorCode.INTERNAL, 400 * MS);
    series.record(null, 400 * MS);
    JsonObject stats = series.stats();
    assertEquals("p", stats.getString("plugin"));
    assertEquals("p.c", stats.getString("capability"));
    assertEquals(100L, stats.getLong("calls"));
    assertEquals(9L, stats.getLong("errors"));
    assertEquals(1.0, stats.getDouble("p50Ms"), "the 50th call is among the 90 of 0.8 ms");
    assertEquals(500.0, stats.getDouble("p99Ms"), "the 99th call is one of the two of 400 ms");
  }

  @Test
  void theNinetyNinthPercentileStaysInTheLowerBucketWhenItHoldsIt() {
    CallSeries series = new CallSeries("p", "p.c", new LongAdder());
    for (int i = 0; i < 99; i++) {
      series.record(null, 3 * MS); // le=5 ms
    }
    series.record(null, 2_000 * MS); // le=2.5 s
    JsonObject stats = series.stats();
    assertEquals(5.0, stats.getDouble("p50Ms"));
    assertEquals(5.0, stats.getDouble("p99Ms"), "rank 99 of 100 is the last 3 ms call");
    assertEquals(0L, stats.getLong("errors"));
  }

  @Test
  void aSeriesWithoutCallsOrAboveTheLastBoundHasNoQuantile() {
    CallSeries empty = new CallSeries("p", "p.c", new LongAdder());
    assertNull(empty.stats().getValue("p50Ms"));
    assertNull(empty.stats().getValue("p99Ms"));
    assertEquals(0L, empty.stats().getLong("calls"));
    CallSeries slow = new CallSeries("p", "p.c", new LongAdder());
    slow.record(ErrorCode.TIMEOUT, 31_000 * MS);
    assertNull(slow.stats().getValue("p50Ms"), "above 30 s is the +Inf bucket, which has no bound");
    assertEquals(1L, slow.stats().getLong("errors"));
  }

  @Test
  void everyCalledCapabilityIsOneObjectCountingItsOutcomes() {
    InstrumentedCalls calls = Telemetry.create(new TelemetryOptions().setTracing(false)).instrument(new PluginRegistry());
    for (int i = 0; i < 3; i++) {
      calls.started("fx.echo", "fx", "r" + i).succeeded(1);
    }
    calls.started("fx.echo", "fx", "r3").failed(failure(ErrorCode.VALIDATION, "fx"), null);
    calls.started("bad.throw", "bad", "r4").failed(failure(ErrorCode.INTERNAL, "bad"), new IllegalStateException("x"));
    calls.started("nope.nothing", null, "r5").failed(failure(ErrorCode.NOT_FOUND, null), null);

    JsonArray stats = calls.capabilityStats();
    Map<String, JsonObject> byCapability = new HashMap<>();
    for (int i = 0; i < stats.size(); i++) {
      JsonObject s = stats.getJsonObject(i);
      byCapability.put(s.getString("capability"), s);
    }
    assertEquals(3, stats.size(), stats.encode());
    JsonObject echo = byCapability.get("fx.echo");
    assertEquals("fx", echo.getString("plugin"));
    assertEquals(4L, echo.getLong("calls"));
    assertEquals(1L, echo.getLong("errors"));
    assertTrue(echo.getDouble("p50Ms") > 0 && echo.getDouble("p99Ms") >= echo.getDouble("p50Ms"), echo.encode());
    assertEquals(1L, byCapability.get("bad.throw").getLong("errors"));
    JsonObject unknown = byCapability.get(InstrumentedCalls.UNKNOWN);
    assertEquals(InstrumentedCalls.UNKNOWN, unknown.getString("plugin"));
    assertEquals(1L, unknown.getLong("calls"));
  }

  @Test
  void stillCalledWhileCallsAreInFlightItCountsOnlyTheEndedOnes() {
    InstrumentedCalls calls = Telemetry.create(new TelemetryOptions().setTracing(false)).instrument(new PluginRegistry());
    calls.started("fx.echo", "fx", "r0").succeeded(1);
    calls.started("fx.echo", "fx", "r1"); // not ended
    JsonObject echo = calls.capabilityStats().getJsonObject(0);
    assertEquals(1L, echo.getLong("calls"));
  }

  private static CallFailure failure(ErrorCode code, String pluginId) {
    return new CallFailure(CallError.of(code, "failed"), "r", pluginId, "c");
  }
}
