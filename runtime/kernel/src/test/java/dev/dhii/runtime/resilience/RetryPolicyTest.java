package dev.dhii.runtime.resilience;

import dev.dhii.api.PluginNetworkException;
import dev.dhii.api.PluginValidationException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

  private static final RetryOptions NO_JITTER = new RetryOptions().setJitter(0);
  private static final PluginNetworkException NETWORK = new PluginNetworkException("connection reset");
  private static final PluginNetworkException REFUSED = new PluginNetworkException("refused", null, true);

  /** A generator whose nextDouble() is always {@code value}. */
  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void backoffDoublesFromTheInitialDelayAndCapsAtMaxDelay() {
    RetryPolicy policy = RetryPolicy.create(NO_JITTER);
    long[] expected = {100, 200, 400, 800, 1600, 2000, 2000};
    for (int n = 1; n <= expected.length; n++) {
      assertEquals(expected[n - 1], policy.delayMs(n), "retry " + n);
    }
    assertEquals(2000, policy.delayMs(64));
    assertEquals(2000, policy.delayMs(Integer.MAX_VALUE));
  }

  @Test
  void initialDelayAboveMaxDelayIsCapped() {
    RetryPolicy policy = RetryPolicy.create(new RetryOptions(NO_JITTER).setInitialDelayMs(5000).setMaxDelayMs(300));
    assertEquals(300, policy.delayMs(1));
    assertEquals(0, RetryPolicy.create(new RetryOptions().setInitialDelayMs(0)).delayMs(3));
  }

  @Test
  void jitterSpreadsEachDelayByItsFraction() {
    RetryOptions options = new RetryOptions().setJitter(0.2);
    assertEquals(80, RetryPolicy.create(options, fixed(0.0)).delayMs(1));
    assertEquals(100, RetryPolicy.create(options, fixed(0.5)).delayMs(1));
    assertEquals(1600, RetryPolicy.create(options, fixed(0.0)).delayMs(10));
    assertEquals(2400, RetryPolicy.create(options, fixed(1.0)).delayMs(10));

    RetryPolicy random = RetryPolicy.create(options);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      long delay = random.delayMs(2);
      assertTrue(delay >= 160 && delay <= 240, "delay " + delay);
      seen.add(delay);
    }
    assertTrue(seen.size() > 10, "jitter does not spread: " + seen);
  }

  @Test
  void retryNumberIsOneBased() {
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.create(NO_JITTER).delayMs(0));
  }

  @Test
  void retriesNetworkFailuresOfIdempotentCallsUpToMaxRetries() {
    RetryPolicy policy = RetryPolicy.create(NO_JITTER);
    for (int done = 0; done < 3; done++) {
      assertTrue(policy.mayRetry(NETWORK, true, done, 10_000, 100), "retry after " + done);
    }
    assertFalse(policy.mayRetry(NETWORK, true, 3, 10_000, 100));
    assertFalse(RetryPolicy.create(new RetryOptions().setMaxRetries(0)).mayRetry(NETWORK, true, 0, 10_000, 100));
  }

  @Test
  void neverRetriesValidationOrOtherNonNetworkFailures() {
    RetryPolicy policy = RetryPolicy.create(NO_JITTER);
    assertFalse(policy.mayRetry(new PluginValidationException("bad"), true, 0, 10_000, 100));
    assertFalse(policy.mayRetry(new RuntimeException("bug"), true, 0, 10_000, 100));
    assertFalse(policy.mayRetry(new OverloadedException("email"), true, 0, 10_000, 100));
  }

  @Test
  void neverRetriesIntoAnOpenCircuit() {
    assertFalse(RetryPolicy.create(NO_JITTER).mayRetry(new CircuitOpenException("email"), true, 0, 10_000, 100));
  }

  @Test
  void retriesNonIdempotentCallsOnlyWhenNothingWasDone() {
    RetryPolicy policy = RetryPolicy.create(NO_JITTER);
    assertFalse(policy.mayRetry(NETWORK, false, 0, 10_000, 100));
    assertTrue(policy.mayRetry(REFUSED, false, 0, 10_000, 100));
  }

  @Test
  void neverRetriesBeyondTheDeadline() {
    RetryPolicy policy = RetryPolicy.create(NO_JITTER);
    assertTrue(policy.mayRetry(NETWORK, true, 0, 101, 100));
    assertFalse(policy.mayRetry(NETWORK, true, 0, 100, 100));
    assertFalse(policy.mayRetry(NETWORK, true, 0, -5, 100));
  }
}
