package dev.dhii.runtime.resilience;

import dev.dhii.api.CancelledException;
import dev.dhii.runtime.resilience.impl.BulkheadImpl;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounds how many calls of one plugin run at once ({@code maxConcurrency}) and how many may wait
 * ({@code maxQueue}, first in, first out). A call that finds both full is refused at once with
 * {@link OverloadedException}, so the plugin's worker pool queue (unbounded in Vert.x) never grows.
 * <p>
 * A task's slot is released when its Future completes, successfully or not, or when its Supplier throws
 * or returns {@code null}; the oldest queued task then starts on that thread. Thread-safe.
 */
public interface Bulkhead {

  /**
   * @param pluginId the plugin bounded, used in messages and {@link #toJson()}
   * @param options the concurrency and queue bounds
   * @return an empty bulkhead
   */
  static Bulkhead create(String pluginId, BulkheadOptions options) {
    return new BulkheadImpl(pluginId, options);
  }

  /** @return the plugin this bulkhead bounds */
  String pluginId();

  /**
   * Runs {@code task} at once if a slot is free, queues it if the queue has room, or fails at once
   * with this bulkhead's {@link OverloadedException}.
   *
   * @param task starts the call; invoked on the submitting thread or on the thread that frees a slot
   * @param <T> the result type
   * @return the task's outcome, or the rejection
   */
  default <T> Future<T> submit(Supplier<Future<T>> task) {
    return submit(task, () -> true);
  }

  /**
   * Like {@link #submit(Supplier)}, for a call that may stop mattering while it waits: when a queued
   * task's turn comes, {@code stillWanted} is asked; if it answers {@code false} the task is skipped
   * without taking a slot and its Future fails with a {@link CancelledException} (if it throws, with that
   * exception). A task that runs at once is not asked.
   *
   * @param task starts the call
   * @param stillWanted whether the call is still worth running, e.g. its deadline has not passed
   * @param <T> the result type
   * @return the task's outcome, the rejection, or the cancellation
   */
  <T> Future<T> submit(Supplier<Future<T>> task, BooleanSupplier stillWanted);

  /** @return how many tasks are running (including one being handed a slot) */
  int inFlight();

  /** @return how many tasks wait for a slot, at most {@code maxQueue} */
  int queued();

  /** @return {@code {"pluginId", "inFlight", "queued", "maxConcurrency", "maxQueue"}} for metrics and health */
  JsonObject toJson();
}
