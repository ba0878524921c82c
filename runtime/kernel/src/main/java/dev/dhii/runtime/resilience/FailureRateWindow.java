package dev.dhii.runtime.resilience;

import java.util.Arrays;

/**
 * A count-based sliding window over the outcomes of the last {@code windowSize} calls, deciding when a
 * plugin fails too often: it is {@linkplain #tripped() tripped} once it holds at least
 * {@code minimumCalls} outcomes and the failure rate is <em>strictly</em> above the threshold (10 failures
 * out of 20 with a threshold of 0.5 do not trip; 11 do).
 * <p>
 * Thread-safe; every method is O(1).
 */
public final class FailureRateWindow {

  private final boolean[] outcomes;
  private final int minimumCalls;
  private final double threshold;
  private int next;
  private int calls;
  private int failures;

  /**
   * @param windowSize how many of the most recent outcomes are kept, at least 1
   * @param minimumCalls how many outcomes are needed before the window can trip; a value above
   *                     {@code windowSize} is capped at {@code windowSize}
   * @param threshold the failure rate, in {@code [0, 1]}, that must be exceeded to trip
   */
  public FailureRateWindow(int windowSize, int minimumCalls, double threshold) {
    if (windowSize < 1) {
      throw new IllegalArgumentException("windowSize must be >= 1: " + windowSize);
    }
    if (minimumCalls < 0) {
      throw new IllegalArgumentException("minimumCalls must be >= 0: " + minimumCalls);
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1]: " + threshold);
    }
    this.outcomes = new boolean[windowSize];
    this.minimumCalls = Math.min(minimumCalls, windowSize);
    this.threshold = threshold;
  }

  /** @param options the breaker options giving window size, minimum calls and threshold */
  public FailureRateWindow(BreakerOptions options) {
    this(options.getWindowSize(), options.getMinimumCalls(), options.getFailureRateThreshold());
  }

  /**
   * Records one outcome, evicting the oldest when the window is full.
   *
   * @param failure {@code true} for a failure that counts against the plugin
   * @return whether the window is tripped after this outcome
   */
  public synchronized boolean record(boolean failure) {
    if (calls == outcomes.length) {
      if (outcomes[next]) {
        failures--;
      }
    } else {
      calls++;
    }
    outcomes[next] = failure;
    if (failure) {
      failures++;
    }
    next = (next + 1) % outcomes.length;
    return tripped();
  }

  /** @return how many outcomes the window holds, at most {@code windowSize} */
  public synchronized int calls() {
    return calls;
  }

  /** @return how many of the held outcomes are failures */
  public synchronized int failures() {
    return failures;
  }

  /** @return failures / calls, or 0 when empty */
  public synchronized double failureRate() {
    return calls == 0 ? 0 : (double) failures / calls;
  }

  /** @return {@code calls() >= minimumCalls && failureRate() > threshold} */
  public synchronized boolean tripped() {
    return calls > 0 && calls >= minimumCalls && failureRate() > threshold;
  }

  /** Forgets every outcome. */
  public synchronized void reset() {
    Arrays.fill(outcomes, false);
    next = 0;
    calls = 0;
    failures = 0;
  }

  @Override
  public synchronized String toString() {
    return "FailureRateWindow{calls=" + calls + ", failures=" + failures + ", size=" + outcomes.length + '}';
  }
}
