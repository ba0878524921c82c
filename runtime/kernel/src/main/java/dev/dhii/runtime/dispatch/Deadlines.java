package dev.dhii.runtime.dispatch;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The calls' deadline timers, on a hashed wheel with a 5 ms tick. Every call sets one and nearly every
 * call cancels it from a plugin worker thread; a wheel makes both O(1) without waking an event loop
 * (cancelling a Vert.x timer from another thread does). A deadline fires at most one tick late.
 */
final class Deadlines {

  private static final ThreadFactory THREADS = runnable -> {
    Thread thread = new Thread(runnable, "dhii-deadlines");
    thread.setDaemon(true);
    return thread;
  };

  private final HashedWheelTimer wheel = new HashedWheelTimer(THREADS, 5, TimeUnit.MILLISECONDS, 1024);

  /**
   * @param delayMs when, from now
   * @param action what to run then (on the wheel's thread; must not block)
   * @return a handle whose {@code cancel()} drops it
   */
  Timeout schedule(long delayMs, Runnable action) {
    return wheel.newTimeout(t -> action.run(), Math.max(1, delayMs), TimeUnit.MILLISECONDS);
  }

  /** Stops the wheel; pending deadlines are dropped. */
  void stop() {
    wheel.stop();
  }
}
