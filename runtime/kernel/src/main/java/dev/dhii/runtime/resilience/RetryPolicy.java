package dev.dhii.runtime.resilience;

import dev.dhii.api.PluginNetworkException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * When and after how long a failed call is repeated (design §5): only a {@link PluginNetworkException},
 * only where a repeat is safe (the capability is idempotent, or the exception says
 * {@linkplain PluginNetworkException#nothingDone() nothing was done}), at most {@code maxRetries} times,
 * with exponential backoff and jitter, never past the caller's deadline and never into an open circuit.
 * <p>
 * Immutable and thread-safe (provided the injected random generator is).
 */
public final class RetryPolicy {

  // ThreadLocalRandom.current() must be fetched on the thread that uses it.
  private static final RandomGenerator THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextLong();

  private final RetryOptions options;
  private final RandomGenerator random;

  private RetryPolicy(RetryOptions options, RandomGenerator random) {
    this.options = new RetryOptions(options);
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * @param options retries, delays and jitter
   * @return a policy with a thread-safe random jitter
   */
  public static RetryPolicy create(RetryOptions options) {
    return new RetryPolicy(options, THREAD_LOCAL_RANDOM);
  }

  /**
   * @param options retries, delays and jitter
   * @param random the source of jitter; must be thread-safe if the policy is shared between threads
   * @return a policy
   */
  public static RetryPolicy create(RetryOptions options, RandomGenerator random) {
    return new RetryPolicy(options, random);
  }

  /** @return a copy of the options */
  public RetryOptions options() {
    return new RetryOptions(options);
  }

  /**
   * The wait before a retry: {@code min(maxDelayMs, initialDelayMs * 2^(retryNumber - 1))}, spread
   * uniformly by {@code +/- jitter} of itself (so with jitter a capped delay can exceed maxDelayMs by that
   * fraction).
   *
   * @param retryNumber 1 for the first retry (the second attempt), 2 for the next, ...
   * @return the delay in ms, at least 0
   */
  public long delayMs(int retryNumber) {
    if (retryNumber < 1) {
      throw new IllegalArgumentException("retryNumber is 1-based: " + retryNumber);
    }
    long initial = options.getInitialDelayMs();
    long max = options.getMaxDelayMs();
    int shift = retryNumber - 1;
    // initial * 2^shift > max  <=>  initial > max / 2^shift: decided without overflowing
    long base = shift >= Long.SIZE - 1 || initial > (max >> shift) ? max : initial << shift;
    double jitter = options.getJitter();
    if (jitter == 0 || base == 0) {
      return base;
    }
    double factor = 1 + jitter * (2 * random.nextDouble() - 1);
    return Math.max(0, Math.round(base * factor));
  }

  /**
   * @param failure the failure of the last attempt
   * @param idempotent whether the capability may safely run twice
   * @param retriesDone how many retries were already made (0 after the first attempt)
   * @param remainingMs time left until the caller's deadline
   * @param nextDelayMs the wait before the retry in question
   * @return whether that retry may be made
   */
  public boolean mayRetry(Throwable failure, boolean idempotent, int retriesDone, long remainingMs, long nextDelayMs) {
    if (!(failure instanceof PluginNetworkException network)) {
      return false;
    }
    return (idempotent || network.nothingDone())
      && retriesDone < options.getMaxRetries()
      && nextDelayMs < remainingMs;
  }

  /**
   * Runs {@code attempt} until it succeeds or fails in a way {@link #mayRetry} refuses, waiting
   * {@link #delayMs} between attempts on a Vert.x timer (never blocking). An attempt failing with
   * {@link CircuitOpenException} is never retried. The result is the outcome of the last attempt.
   *
   * @param vertx for the backoff timers
   * @param attempt starts one attempt; throwing or returning {@code null} is a failed attempt
   * @param idempotent whether the capability may safely run twice
   * @param deadlineEpochMs the caller's deadline, in epoch milliseconds; no retry is started whose wait
   *                        would reach it
   * @param onAttempt called with 1, 2, ... before each attempt, so its last value is the number of attempts
   * @param <T> the result type
   * @return the outcome of the last attempt
   */
  public <T> Future<T> run(Vertx vertx, Supplier<Future<T>> attempt, boolean idempotent, long deadlineEpochMs,
                           IntConsumer onAttempt) {
    Promise<T> result = Promise.promise();
    attempt(vertx, attempt, idempotent, deadlineEpochMs, onAttempt, 1, result);
    return result.future();
  }

  private <T> void attempt(Vertx vertx, Supplier<Future<T>> attempt, boolean idempotent, long deadlineEpochMs,
                           IntConsumer onAttempt, int number, Promise<T> result) {
    Future<T> outcome;
    try {
      onAttempt.accept(number);
      outcome = attempt.get();
      if (outcome == null) {
        outcome = Future.failedFuture(new NullPointerException("attempt returned no Future"));
      }
    } catch (Throwable t) {
      outcome = Future.failedFuture(t);
    }
    outcome.onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
        return;
      }
      Throwable failure = ar.cause();
      long delay = Math.max(1, delayMs(number)); // Vert.x timers need at least 1 ms
      long remaining = deadlineEpochMs - System.currentTimeMillis();
      if (!(failure instanceof CircuitOpenException)
        && mayRetry(failure, idempotent, number - 1, remaining, delay)) {
        vertx.setTimer(delay, id -> attempt(vertx, attempt, idempotent, deadlineEpochMs, onAttempt, number + 1, result));
      } else {
        result.fail(failure);
      }
    });
  }

  @Override
  public String toString() {
    return "RetryPolicy" + options.toJson().encode();
  }
}
