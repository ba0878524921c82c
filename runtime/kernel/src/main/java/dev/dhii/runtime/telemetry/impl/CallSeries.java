package dev.dhii.runtime.telemetry.impl;

import dev.dhii.api.ErrorCode;

import java.util.concurrent.atomic.LongAdder;

/**
 * The metrics of one capability as served by one plugin: calls by outcome and a duration histogram.
 * Everything a call touches is resolved when the series is created (labels, span name, the plugin's
 * in-flight counter), so recording is a few {@link LongAdder} increments. Thread-safe, lock-free.
 */
final class CallSeries {

  /** Upper bounds of the duration buckets (inclusive), in nanoseconds: 0.5 ms to 30 s. */
  static final long[] BOUNDS_NANOS = {500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L,
    50_000_000L, 100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L,
    10_000_000_000L, 30_000_000_000L};
  /** The same bounds as {@code le} label values, in seconds. */
  static final String[] BOUNDS_LABELS = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
    "0.25", "0.5", "1", "2.5", "5", "10", "30"};
  /** Outcomes by index: 0 is success, {@code 1 + ordinal} an {@link ErrorCode}. */
  static final ErrorCode[] CODES = ErrorCode.values();

  final String pluginId;
  final String capabilityId;
  final String spanName;
  final LongAdder pluginInFlight;
  private final LongAdder[] outcomes = new LongAdder[CODES.length + 1];
  private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
  private final LongAdder sumNanos = new LongAdder();
  /** v1 results passed on although they break the output schema. */
  final LongAdder outputViolations = new LongAdder();

  CallSeries(String pluginId, String capabilityId, LongAdder pluginInFlight) {
    this.pluginId = pluginId;
    this.capabilityId = capabilityId;
    this.spanName = "dhii.call " + capabilityId;
    this.pluginInFlight = pluginInFlight;
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = new LongAdder();
    }
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  /**
   * @param code the failure's code, or null for a success
   * @param nanos the call's duration
   */
  void record(ErrorCode code, long nanos) {
    outcomes[code == null ? 0 : code.ordinal() + 1].increment();
    int i = 0;
    while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
      i++;
    }
    buckets[i].increment();
    sumNanos.add(nanos);
  }

  /** @param index 0 for success, {@code 1 + ordinal} for an error code @return calls with that outcome */
  long outcome(int index) {
    return outcomes[index].sum();
  }

  /** @param index 0 for success, {@code 1 + ordinal} for an error code @return the {@code outcome} label value */
  static String outcomeLabel(int index) {
    return index == 0 ? "success" : CODES[index - 1].name();
  }

  /** @return this series as {@link dev.dhii.runtime.telemetry.InstrumentedCalls#capabilityStats()} describes it */
  io.vertx.core.json.JsonObject stats() {
    long calls = 0;
    for (LongAdder outcome : outcomes) {
      calls += outcome.sum();
    }
    long[] counts = buckets();
    return new io.vertx.core.json.JsonObject().put("plugin", pluginId).put("capability", capabilityId).put("calls", calls)
      .put("errors", calls - outcomes[0].sum()).put("p50Ms", quantileMs(counts, 0.50)).put("p99Ms", quantileMs(counts, 0.99));
  }

  /** @return the upper bound, in ms, of the bucket holding quantile {@code q}; null above the last bound or when empty */
  private static Double quantileMs(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return null;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BOUNDS_NANOS.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return BOUNDS_NANOS[i] / 1_000_000.0;
      }
    }
    return null;
  }

  /** @return the calls in each bucket (not cumulative); the last one is above the last bound */
  long[] buckets() {
    long[] counts = new long[buckets.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = buckets[i].sum();
    }
    return counts;
  }

  /** @return the total duration of the calls, in seconds */
  double sumSeconds() {
    return sumNanos.sum() / 1e9;
  }
}
