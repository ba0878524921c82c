package dev.dhii.runtime.resilience;

import dev.dhii.runtime.resilience.impl.TokenBucketRateLimiter;

import java.util.function.LongSupplier;

/**
 * Per-key rate limits, in calls per minute (the kernel's key is typically the capability and the caller).
 * <p>
 * Each key has a token bucket holding up to {@code perMinute} tokens and refilled continuously at
 * {@code perMinute} tokens per 60 s; a call takes one token. So a key may burst {@code perMinute} calls,
 * then gets one call every {@code 60 s / perMinute}, and a minute of silence restores the full burst.
 * <p>
 * Memory is bounded: a bucket that is full again holds nothing a new bucket would not, so
 * {@link #sweep()} (called periodically by the kernel) drops it. At {@code maxKeys} tracked keys, a
 * new key triggers a sweep (at most one a second, as a sweep scans every key); if no room is made, its
 * calls are allowed untracked until there is (failing open: the limiter protects plugins, the bulkhead
 * still bounds them). Thread-safe.
 */
public interface RateLimiter {

  /** Default bound on the number of keys tracked at once. */
  int DEFAULT_MAX_KEYS = 100_000;

  /** @return a limiter on {@link System#nanoTime()} with {@link #DEFAULT_MAX_KEYS} */
  static RateLimiter create() {
    return create(System::nanoTime);
  }

  /**
   * @param nanoTime a monotonic clock in nanoseconds (tests pass a fake one)
   * @return a limiter with {@link #DEFAULT_MAX_KEYS}
   */
  static RateLimiter create(LongSupplier nanoTime) {
    return create(nanoTime, DEFAULT_MAX_KEYS);
  }

  /**
   * @param nanoTime a monotonic clock in nanoseconds
   * @param maxKeys how many keys may be tracked at once, at least 1
   * @return a limiter
   */
  static RateLimiter create(LongSupplier nanoTime, int maxKeys) {
    return new TokenBucketRateLimiter(nanoTime, maxKeys);
  }

  /**
   * Takes one call from {@code key}'s allowance.
   *
   * @param key what is limited, e.g. {@code "email.send|user-42"}
   * @param perMinute the limit; 0 means unlimited. A key's limit may change between calls
   * @return 0 if the call is allowed, else the milliseconds (at least 1) until one would be, for {@code Retry-After}
   */
  long tryAcquire(String key, int perMinute);

  /** @return how many idle keys (buckets full again) were dropped */
  int sweep();

  /** @return how many keys are tracked */
  int size();
}
