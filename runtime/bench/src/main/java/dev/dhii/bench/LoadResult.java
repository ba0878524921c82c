package dev.dhii.bench;

import java.util.Arrays;

/**
 * What one timed load run measured.
 *
 * @param name what was measured
 * @param ops completed calls
 * @param errors failed calls
 * @param seconds the run's length
 * @param latenciesNanos a sample of call latencies
 */
record LoadResult(String name, long ops, long errors, double seconds, long[] latenciesNanos) {

  double opsPerSecond() {
    return ops / seconds;
  }

  double percentileMillis(double p) {
    if (latenciesNanos.length == 0) {
      return Double.NaN;
    }
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  @Override
  public String toString() {
    return String.format("%-34s %10.0f ops/s   p50 %6.2f ms   p99 %6.2f ms   errors %d", name, opsPerSecond(),
      percentileMillis(50), percentileMillis(99), errors);
  }
}
