package dev.dhii.runtime.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: for effects that have no Future to wait on. */
public final class Await {

  private Await() {
  }

  /**
   * @param condition what must become true
   * @param within the deadline
   * @param what a description for the failure message
   */
  public static void until(BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + within.toMillis() + " ms waiting until " + what);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }
}
