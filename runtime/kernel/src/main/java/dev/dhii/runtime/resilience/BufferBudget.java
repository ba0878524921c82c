package dev.dhii.runtime.resilience;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on the bytes a transport holds for requests still in progress (frames, messages being assembled),
 * shared by all its connections: a connection reserves what it is about to buffer and releases it once the
 * request is complete or the connection is gone. Thread-safe.
 */
public final class BufferBudget {

  private final long max;
  private final AtomicLong used = new AtomicLong();

  /** @param max the most bytes reserved at once, > 0 */
  public BufferBudget(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("a buffer budget must be > 0: " + max);
    }
    this.max = max;
  }

  /** @param bytes bytes about to be buffered, >= 0 @return whether they fit (and are now reserved) */
  public boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
    }
    while (true) {
      long now = used.get();
      if (bytes > max - now) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** @param bytes bytes reserved by {@link #tryReserve} and no longer held */
  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** @return the bytes reserved now */
  public long used() {
    return used.get();
  }

  /** @return the bound */
  public long max() {
    return max;
  }
}
