package dev.dhii.runtime.dispatch;

import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * One step of a route's {@link Pipeline}: it acts on the way in (a check that throws its typed error),
 * around the rest of the chain (retry, breaker, bulkhead, deadline), or on the outcome (output schema).
 * Stages are built once per route and shared by every call of it; a call's own state is its {@link Call}.
 */
@FunctionalInterface
interface Stage {

  /**
   * @param call the call
   * @param next the rest of the chain
   * @return the outcome: the plugin's output (a JsonObject once the output schema passed it) or the failure
   */
  Future<Object> run(Call call, Next next);

  /** The rest of the chain after a stage. */
  @FunctionalInterface
  interface Next {

    /** @param call the call @return its outcome */
    Future<Object> run(Call call);
  }

  /** @param check throws the call's typed error, else returns @return a stage that checks, then goes on */
  static Stage check(Consumer<Call> check) {
    return (call, next) -> {
      check.accept(call);
      return next.run(call);
    };
  }
}
