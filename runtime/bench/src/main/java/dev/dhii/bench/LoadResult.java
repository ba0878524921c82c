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
 * @param cpuNanos CPU time the whole process used during the run (all threads), or -1 if unknown
 */
record LoadResult(String name, long ops, long errors, double seconds, long[] latenciesNanos, long cpuNanos) {

  /** CPU time of this process so far, in ns, or -1 where the JVM does not say. */
  static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
      instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** @return process CPU per completed call, in microseconds (steadier than throughput on a shared machine) */
  double cpuMicrosPerCall() {
    return cpuNanos < 0 || ops == 0 ? Double.NaN : cpuNanos / 1e3 / ops;
  }

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
    return String.format("%-34s %10.0f ops/s   p50 %6.2f ms   p99 %6.2f ms   cpu %5.2f us/call   errors %d", name,
      opsPerSecond(), percentileMillis(50), percentileMillis(99), cpuMicrosPerCall(), errors);
  }
}
