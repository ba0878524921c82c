package dev.dhii.runtime.dispatch;

import dev.dhii.api.ExecutionContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

/**
 * The state of one call as it goes through its route's {@link Pipeline}: the request (its user once
 * authenticated), the validated input, the execution context once the deadline is set, the attempts made,
 * and the attempt running now (the deadline fails it). Touched by one stage at a time.
 */
final class Call {

  CallRequest request;
  final Route route;
  final CallObserver.Observation observation;
  /** The caller's event loop, where the outcome of the plugin is handed (see {@link Pipeline}), or null. */
  final ContextInternal caller;
  JsonObject params;
  ExecutionContext ctx;
  int attempts;
  /** Completes once the running attempt no longer occupies a plugin worker (the bulkhead's slot). */
  Future<Void> occupancy;
  private volatile Promise<Object> attempt;
  private volatile Throwable expired;

  Call(CallRequest request, Route route, CallObserver.Observation observation, ContextInternal caller) {
    this.request = request;
    this.route = route;
    this.observation = observation;
    this.caller = caller;
  }

  /** @return a promise whose listeners run on the caller's event loop (or where it is settled, without one) */
  <T> Promise<T> promise() {
    return caller != null ? caller.promise() : Promise.promise();
  }

  /** Settles {@code promise} with {@code outcome} unless it is settled already (by the deadline). */
  static <T> void settle(Promise<T> promise, AsyncResult<T> outcome) {
    if (outcome.succeeded()) {
      promise.tryComplete(outcome.result());
    } else {
      promise.tryFail(outcome.cause());
    }
  }

  /** @param result the attempt now running; failed at once if the call has expired already */
  void attempting(Promise<Object> result) {
    attempt = result;
    Throwable failure = expired;
    if (failure != null) {
      result.tryFail(failure);
    }
  }

  /** @param failure the deadline's outcome (TIMEOUT or CANCELLED), which the running attempt takes too */
  void expire(Throwable failure) {
    expired = failure;
    Promise<Object> running = attempt;
    if (running != null) {
      running.tryFail(failure);
    }
  }
}
