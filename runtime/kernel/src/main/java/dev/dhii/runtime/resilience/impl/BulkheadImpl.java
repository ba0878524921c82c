package dev.dhii.runtime.resilience.impl;

import dev.dhii.api.CancelledException;
import dev.dhii.runtime.resilience.Bulkhead;
import dev.dhii.runtime.resilience.BulkheadOptions;
import dev.dhii.runtime.resilience.OverloadedException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A {@link Bulkhead} with one lock around a counter and a FIFO queue. User code (tasks, stillWanted,
 * completion handlers) always runs outside the lock.
 */
public final class BulkheadImpl implements Bulkhead {

  private static final Logger LOG = LoggerFactory.getLogger(Bulkhead.class);

  private final String pluginId;
  private final int maxConcurrency;
  private final int maxQueue;
  private final OverloadedException overloaded;
  private final ArrayDeque<Entry<?>> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * Use {@link Bulkhead#create}.
   *
   * @param pluginId the plugin bounded
   * @param options the bounds
   */
  public BulkheadImpl(String pluginId, BulkheadOptions options) {
    this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
    this.maxConcurrency = options.getMaxConcurrency();
    this.maxQueue = options.getMaxQueue();
    this.overloaded = new OverloadedException(pluginId);
  }

  @Override
  public String pluginId() {
    return pluginId;
  }

  @Override
  public <T> Future<T> submit(Supplier<Future<T>> task, BooleanSupplier stillWanted) {
    Entry<T> entry = new Entry<>(Objects.requireNonNull(task, "task"), Objects.requireNonNull(stillWanted, "stillWanted"));
    synchronized (this) {
      if (inFlight >= maxConcurrency) {
        if (queue.size() >= maxQueue) {
          return Future.failedFuture(overloaded);
        }
        queue.addLast(entry);
        return entry.promise.future();
      }
      inFlight++;
    }
    run(entry);
    return entry.promise.future();
  }

  /** Runs entries one after another as long as they finish synchronously: a loop, not a recursion. */
  private void run(Entry<?> first) {
    Entry<?> entry = first;
    while (entry != null) {
      entry = step(entry);
    }
  }

  /** @return the entry that inherits the slot if this one finished at once, else null */
  private <T> Entry<?> step(Entry<T> entry) {
    Future<T> outcome = entry.start();
    if (outcome.isComplete()) {
      Entry<?> next = releaseSlot();
      entry.settle(outcome);
      return next;
    }
    outcome.onComplete(ar -> {
      Entry<?> next = releaseSlot();
      entry.settle(ar);
      run(next);
    });
    return null;
  }

  /**
   * Hands the finished task's slot to the oldest queued task that is still wanted, failing the
   * unwanted ones on the way, or frees it when the queue is empty.
   */
  private Entry<?> releaseSlot() {
    while (true) {
      Entry<?> next;
      synchronized (this) {
        next = queue.pollFirst();
        if (next == null) {
          inFlight--;
          return null;
        }
      }
      if (next.stillWanted()) {
        return next;
      }
    }
  }

  @Override
  public synchronized int inFlight() {
    return inFlight;
  }

  @Override
  public synchronized int queued() {
    return queue.size();
  }

  @Override
  public JsonObject toJson() {
    int running;
    int waiting;
    synchronized (this) {
      running = inFlight;
      waiting = queue.size();
    }
    return new JsonObject().put("pluginId", pluginId).put("inFlight", running).put("queued", waiting)
      .put("maxConcurrency", maxConcurrency).put("maxQueue", maxQueue);
  }

  @Override
  public String toString() {
    return "Bulkhead" + toJson().encode();
  }

  private final class Entry<T> {
    final Supplier<Future<T>> task;
    final BooleanSupplier stillWanted;
    final Promise<T> promise = Promise.promise();

    Entry(Supplier<Future<T>> task, BooleanSupplier stillWanted) {
      this.task = task;
      this.stillWanted = stillWanted;
    }

    Future<T> start() {
      try {
        Future<T> future = task.get();
        return future != null ? future
          : Future.failedFuture(new NullPointerException("task of plugin " + pluginId + " returned no Future"));
      } catch (Throwable t) {
        return Future.failedFuture(t);
      }
    }

    /** @return whether to run; if not, this entry's Future has been failed */
    boolean stillWanted() {
      Throwable skipped;
      try {
        if (stillWanted.getAsBoolean()) {
          return true;
        }
        skipped = new CancelledException("Call to plugin '" + pluginId + "' dropped from its queue: no longer wanted");
      } catch (Throwable t) {
        skipped = t;
      }
      settle(Future.failedFuture(skipped));
      return false;
    }

    /** Completes the caller's Future; a throwing handler must not cost the bulkhead a slot or a queued task. */
    void settle(AsyncResult<T> outcome) {
      try {
        promise.handle(outcome);
      } catch (Throwable t) {
        LOG.warn("A completion handler of a call to plugin {} failed", pluginId, t);
      }
    }
  }
}
