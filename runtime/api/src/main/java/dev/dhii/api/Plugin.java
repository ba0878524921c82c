package dev.dhii.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A Dhii plugin: a set of typed capabilities with a lifecycle.
 *
 * <p>The runtime creates one instance per plugin generation (through the public no-arg constructor of
 * the manifest's {@code entrypoint}), runs it inside a worker verticle on the plugin's own named worker
 * pool, and calls, in this order: {@link #onLoad}, {@link #onReady}, then any number of
 * {@link #execute} calls (concurrently, up to the manifest's {@code maxConcurrency}), and finally
 * {@link #onUnload}. Every lifecycle step is bounded by a deadline; a step that throws, fails its
 * Future or overruns marks the plugin {@code FAILED} without affecting other plugins.
 *
 * <p>Methods may block (they run on the plugin's worker threads, never on an event loop), but a
 * plugin that does I/O asynchronously and returns a pending Future frees its worker for other calls.
 */
public interface Plugin {

  /**
   * Called once, first. Open connections, read configuration, prepare storage here.
   *
   * @param ctx the plugin's narrow view of the runtime
   * @param config the manifest's {@code config} object merged with operator overrides
   * @return a Future completed when the plugin is loaded
   */
  default Future<Void> onLoad(PluginContext ctx, JsonObject config) {
    return Future.succeededFuture();
  }

  /**
   * Called once after {@link #onLoad} succeeded; once it completes the plugin receives calls.
   *
   * @return a Future completed when the plugin is ready to serve
   */
  default Future<Void> onReady() {
    return Future.succeededFuture();
  }

  /**
   * Called once when the plugin is stopped, disabled or replaced by a redeploy, after its in-flight
   * calls have finished (or the drain timeout passed). Release every resource here.
   *
   * @return a Future completed when the plugin released its resources
   */
  default Future<Void> onUnload() {
    return Future.succeededFuture();
  }

  /**
   * Reports the plugin's own view of its health. Called periodically and on {@code GET /health},
   * with a deadline: a check that does not answer in time counts as {@code DOWN}.
   *
   * @return the current health
   */
  default Future<HealthStatus> healthCheck() {
    return Future.succeededFuture(HealthStatus.up());
  }

  /**
   * The capabilities this plugin provides. Their ids must equal the manifest's {@code capabilities}
   * list; the runtime reads this once per generation, after {@link #onLoad} succeeded (so they may
   * depend on the configuration) and before {@link #onReady}.
   *
   * @return the capabilities, never {@code null}
   */
  List<Capability<?, ?>> capabilities();

  /**
   * Executes one capability call. The default implementation finds the capability by id, decodes
   * {@code params} into its input record, runs its handler and encodes the output record to JSON;
   * override it only to route calls yourself (legacy and polyglot adapters do).
   *
   * @param capabilityId the capability's id, e.g. {@code email.send}
   * @param params the call's input, already validated against the capability's input schema
   * @param ctx the call's context: request id, user, deadline, cancellation
   * @return a Future of the call's JSON output (a {@link JsonObject})
   */
  default Future<Object> execute(String capabilityId, JsonObject params, ExecutionContext ctx) {
    for (Capability<?, ?> capability : capabilities()) {
      if (capability.id().equals(capabilityId)) {
        return capability.invoke(params, ctx).map(o -> o);
      }
    }
    return Future.failedFuture(new PluginException("Capability '" + capabilityId + "' is not provided by this plugin"));
  }
}
