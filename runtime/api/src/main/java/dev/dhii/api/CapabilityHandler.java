package dev.dhii.api;

import io.vertx.core.Future;

/**
 * The code behind a capability: takes the decoded input record and the call's context, returns a
 * Future of the output record. It runs on the plugin's worker thread and may block; returning a
 * pending Future (async I/O) frees the worker for other calls.
 *
 * @param <I> the input record type
 * @param <O> the output record type
 */
@FunctionalInterface
public interface CapabilityHandler<I, O> {

  /**
   * @param input the validated, decoded input
   * @param ctx the call's context
   * @return a Future of the output; fail it (or throw) with a {@link PluginException} to report an error
   * @throws Exception any failure, reported as {@link ErrorCode#INTERNAL} unless it is a {@link PluginException}
   */
  Future<O> handle(I input, ExecutionContext ctx) throws Exception;
}
