package dev.dhii.runtime.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A counter a fixture bumps and a test waits on: {@link #when} is a Future completed by the change that makes
 * the condition true (or at once if it already holds), instead of polling the value.
 */
public final class Counter {

  private record Waiter(IntPredicate condition, Promise<Integer> promise) {
  }

  private int value;
  private final List<Waiter> waiters = new ArrayList<>();

  /** @return the value */
  public synchronized int get() {
    return value;
  }

  /** @return the value after adding one */
  public int incrementAndGet() {
    return addAndGet(1);
  }

  /** @return the value after taking one away */
  public int decrementAndGet() {
    return addAndGet(-1);
  }

  /** @param delta what to add @return the value after adding it */
  public int addAndGet(int delta) {
    List<Promise<Integer>> met = new ArrayList<>();
    int now;
    synchronized (this) {
      now = value += delta;
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter waiter = it.next();
        if (waiter.condition.test(now)) {
          met.add(waiter.promise);
          it.remove();
        }
      }
    }
    // completed outside the lock: what a waiter runs next must not hold up the counter
    for (Promise<Integer> promise : met) {
      promise.tryComplete(now);
    }
    return now;
  }

  /** @param condition a condition on the value @return completes with the value once it holds */
  public synchronized Future<Integer> when(IntPredicate condition) {
    if (condition.test(value)) {
      return Future.succeededFuture(value);
    }
    Promise<Integer> promise = Promise.promise();
    waiters.add(new Waiter(condition, promise));
    return promise.future();
  }

  /**
   * Waits, on a test thread, for the condition.
   *
   * @param condition a condition on the value
   * @param within the deadline
   * @param what what the condition means, for the failure
   * @return the value that met it
   */
  public int await(IntPredicate condition, Duration within, String what) {
    try {
      return when(condition).await(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Timed out after " + within.toMillis() + " ms waiting until " + what + " (value " + get() + ")");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return String.valueOf(get());
  }
}
