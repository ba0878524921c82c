package dev.dhii.runtime.dispatch;

import dev.dhii.api.ExecutionContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/** The generation of a plugin that runs a call ({@code kernel.PluginHost}): admission, execution, exit. */
public interface CallTarget {

  /**
   * Admits a call; a generation being drained refuses, and the caller looks the route up again.
   *
   * @return whether the call may use this generation; if so, {@link #exit()} must follow
   */
  boolean tryEnter();

  /** A call admitted by {@link #tryEnter()} ended (all its attempts). */
  void exit();

  /**
   * Runs one call on the plugin's worker pool (a process plugin's, which only hands it to its process, on the
   * caller's event loop).
   *
   * @param capabilityId the capability
   * @param params the validated input
   * @param ctx the call's context
   * @param result settled with the plugin's raw output or failure (the pipeline's deadline decides TIMEOUT
   *     and CANCELLED)
   * @return completes when the worker is released
   */
  Future<Void> execute(String capabilityId, JsonObject params, ExecutionContext ctx, Promise<Object> result);
}
