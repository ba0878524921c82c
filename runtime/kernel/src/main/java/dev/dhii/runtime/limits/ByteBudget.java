package dev.dhii.runtime.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget of bytes shared by every transport for what it buffers of requests still in progress (HTTP bodies,
 * and whatever else is handed the same instance). A request takes a {@link Lease} before it buffers and grows
 * it as bytes arrive; when the budget cannot cover the growth the caller refuses the request (OVERLOADED)
 * instead of buffering. Leases are released when their request is done. A transport may also have a budget of
 * its own whose parent is the shared one: what it takes counts against both, so every transport has its bound
 * and all of them together the runtime's. Thread-safe, lock-free.
 */
public final class ByteBudget {

  private final long capacity;
  private final ByteBudget parent;
  private final AtomicLong used = new AtomicLong();

  /** @param capacity the bytes all leases together may hold; 0 or less disables the bound */
  public ByteBudget(long capacity) {
    this(capacity, null);
  }

  /**
   * @param capacity the bytes this budget may hold; 0 or less: only the parent's bound
   * @param parent a budget every reservation also counts against, or null
   */
  public ByteBudget(long capacity, ByteBudget parent) {
    this.capacity = capacity;
    this.parent = parent;
  }

  /**
   * @param bytes bytes about to be buffered, >= 0
   * @return whether they fit here and in the parent (then they are reserved until {@link #release})
   */
  public boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
    }
    return take(bytes);
  }

  /** @param bytes bytes reserved by {@link #tryReserve} and no longer held */
  public void release(long bytes) {
    used.addAndGet(-bytes);
    if (parent != null) {
      parent.release(bytes);
    }
  }

  /** @return the bound, or a value of 0 or less when unbounded */
  public long capacity() {
    return capacity;
  }

  /** @return the bytes currently held by all leases */
  public long used() {
    return used.get();
  }

  /** @return a new lease holding nothing yet */
  public Lease lease() {
    return new Lease();
  }

  private boolean take(long bytes) {
    if (!takeHere(bytes)) {
      return false;
    }
    if (parent != null && !parent.take(bytes)) {
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  private boolean takeHere(long bytes) {
    if (capacity <= 0) {
      used.addAndGet(bytes);
      return true;
    }
    while (true) {
      long now = used.get();
      if (bytes > capacity - now) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** What one request holds of the budget. Not thread-safe itself: one request's bytes arrive on one thread. */
  public final class Lease {
    private long held;
    private boolean released;

    private Lease() {
    }

    /**
     * @param bytes more bytes the request is about to buffer
     * @return whether the budget covers them (when not, nothing was taken and the request must be refused)
     */
    public boolean grow(long bytes) {
      if (released || bytes < 0) {
        return false;
      }
      if (bytes == 0) {
        return true;
      }
      if (!take(bytes)) {
        return false;
      }
      held += bytes;
      return true;
    }

    /** @return the bytes this lease holds */
    public long held() {
      return held;
    }

    /** Gives every byte back; later calls do nothing, and the lease cannot grow again. */
    public void release() {
      if (!released) {
        released = true;
        ByteBudget.this.release(held);
        held = 0;
      }
    }
  }
}
