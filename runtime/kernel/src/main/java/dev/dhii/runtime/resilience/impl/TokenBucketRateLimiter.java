package dev.dhii.runtime.resilience.impl;

import dev.dhii.runtime.resilience.RateLimiter;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A {@link RateLimiter} with one lazily refilled token bucket per key. */
public final class TokenBucketRateLimiter implements RateLimiter {

  private static final double NANOS_PER_MINUTE = 60e9;
  /** Refills add up in floating point: a bucket short of a token by less than this is not short. */
  private static final double EPSILON = 1e-6;
  /** At the key cap, new keys trigger a sweep at most this often: a sweep scans every bucket. */
  private static final long CAP_SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final LongSupplier nanoTime;
  private final int maxKeys;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastCapSweep;

  /**
   * Use {@link RateLimiter#create}.
   *
   * @param nanoTime a monotonic clock in nanoseconds
   * @param maxKeys how many keys may be tracked at once
   */
  public TokenBucketRateLimiter(LongSupplier nanoTime, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be >= 1: " + maxKeys);
    }
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.maxKeys = maxKeys;
    this.lastCapSweep = new AtomicLong(nanoTime.getAsLong() - CAP_SWEEP_INTERVAL_NANOS);
  }

  @Override
  public long tryAcquire(String key, int perMinute) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("perMinute must be >= 0: " + perMinute);
    }
    if (perMinute == 0) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    while (true) {
      Bucket bucket = buckets.get(key);
      if (bucket == null) {
        if (buckets.size() >= maxKeys && !makeRoom(now)) {
          return 0; // fail open, see RateLimiter
        }
        bucket = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
      }
      synchronized (bucket) {
        if (!bucket.removed) {
          return bucket.take(perMinute, now);
        }
      }
      // swept between lookup and lock: look again
    }
  }

  private boolean makeRoom(long now) {
    long last = lastCapSweep.get();
    if (now - last >= CAP_SWEEP_INTERVAL_NANOS && lastCapSweep.compareAndSet(last, now)) {
      sweep();
    }
    return buckets.size() < maxKeys;
  }

  @Override
  public int sweep() {
    long now = nanoTime.getAsLong();
    int dropped = 0;
    for (Map.Entry<String, Bucket> entry : buckets.entrySet()) {
      Bucket bucket = entry.getValue();
      synchronized (bucket) {
        if (!bucket.removed && bucket.fullAt(now)) {
          bucket.removed = true;
          buckets.remove(entry.getKey(), bucket);
          dropped++;
        }
      }
    }
    return dropped;
  }

  @Override
  public int size() {
    return buckets.size();
  }

  /** Guarded by its own monitor. */
  private static final class Bucket {
    private double tokens;
    private int capacity;
    private long refilledAt;
    private boolean removed;

    Bucket(int capacity, long now) {
      this.tokens = capacity;
      this.capacity = capacity;
      this.refilledAt = now;
    }

    long take(int perMinute, long now) {
      capacity = perMinute;
      refill(now);
      if (tokens >= 1 - EPSILON) {
        tokens = Math.max(0, tokens - 1);
        return 0;
      }
      double nanosToNextToken = (1 - tokens) * NANOS_PER_MINUTE / capacity;
      return Math.max(1, (long) Math.ceil(nanosToNextToken / 1e6));
    }

    boolean fullAt(long now) {
      refill(now);
      return tokens >= capacity - EPSILON;
    }

    private void refill(long now) {
      long elapsed = now - refilledAt;
      if (elapsed > 0) { // a thread that read the clock earlier may come later: never go back in time
        tokens += elapsed * (double) capacity / NANOS_PER_MINUTE;
        refilledAt = now;
      }
      tokens = Math.min(tokens, capacity);
    }
  }
}
