package dev.dhii.runtime.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** The pipeline's resilience stages, around the plugin's attempts: retry, circuit breaker, bulkhead. */
final class Resilience {

  private Resilience() {
  }

  /**
   * @param vertx for the backoff timers
   * @param route the route
   * @return the rest runs again for a safe network failure, while the deadline allows (attempts counted)
   */
  static Stage retry(Vertx vertx, Route route) {
    boolean idempotent = route.binding().capability().idempotent();
    return (call, next) -> route.policies().retry().run(vertx, () -> next.run(call), idempotent,
      call.ctx.deadline().toEpochMilli(), n -> call.attempts = n);
  }

  /** @param route the route @return the rest runs unless the plugin's circuit is open, and counts for it */
  static Stage breaker(Route route) {
    return (call, next) -> route.policies().breaker().execute(() -> next.run(call));
  }

  /**
   * @param route the route
   * @return the rest runs within the plugin's concurrency bound (queued, or OVERLOADED), holding its slot until
   *     the plugin's worker is released ({@link Execute})
   */
  static Stage bulkhead(Route route) {
    return (call, next) -> {
      Promise<Object> result = Promise.promise();
      route.policies().bulkhead().submit(() -> {
        next.run(call).onComplete(ar -> Call.settle(result, ar));
        return call.occupancy;
      }, () -> !call.ctx.isCancelled()).onFailure(result::tryFail);
      return result.future();
    };
  }
}
