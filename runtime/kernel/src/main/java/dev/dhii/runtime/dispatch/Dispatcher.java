package dev.dhii.runtime.dispatch;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.resilience.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;

/**
 * Where every transport hands a call ({@link #invoke}): it finds the capability's route and runs the
 * route's {@link Pipeline}, assembled once per route ({@link #assemble}) when a generation is published.
 * The event bus consumers of {@code dhii.cap.*} call {@link #handle} ({@link EventBusCalls}). Thread-safe.
 */
public final class Dispatcher {

  private final Routes registry;
  private final Authenticator authenticator;
  private final Pipeline.Parts parts;
  private final Deadlines deadlines = new Deadlines();
  private final EventBusCalls eventBus = new EventBusCalls(this);

  /**
   * @param vertx the Vert.x instance (timers)
   * @param registry the routes to plugins
   * @param rateLimiter the per-user rate limiter
   * @param authenticator checks bearer tokens
   * @param observer watches every call (tracing, metrics)
   * @param policies which policies apply (all, outside of measurements)
   */
  public Dispatcher(Vertx vertx, Routes registry, RateLimiter rateLimiter, Authenticator authenticator,
                    CallObserver observer, PolicySwitches policies) {
    this.registry = registry;
    this.authenticator = authenticator;
    this.parts = new Pipeline.Parts(vertx, rateLimiter, authenticator, observer, policies, deadlines, new LenientOutput());
  }

  /** @return how bearer tokens are checked (the admin address checks its callers with it too) */
  public Authenticator authenticator() {
    return authenticator;
  }

  /**
   * @param route a route being published
   * @return its pipeline, with the stages this runtime's policy switches and the capability call for
   */
  public Pipeline assemble(Route route) {
    return Pipeline.assemble(route, parts);
  }

  /**
   * Runs one call through its route's pipeline.
   *
   * @param request the call
   * @return its result, or a failed Future with a {@link CallFailure}
   */
  public Future<CallResult> invoke(CallRequest request) {
    return invoke(request, registry.route(request.capabilityId()));
  }

  /**
   * @param request the call
   * @param found its route as the caller looked it up, or null
   * @return its result, or a failed Future with a {@link CallFailure}
   */
  Future<CallResult> invoke(CallRequest request, Route found) {
    String capabilityId = request.capabilityId();
    Route route = found;
    // a generation being drained refuses new calls; by then a redeploy has published its successor
    for (int tries = 0; route != null; tries++) {
      Future<CallResult> result = pipelineOf(route).call(request);
      if (result != null) {
        return result;
      }
      Route next = registry.route(capabilityId);
      route = next == route || tries == 3 ? null : next;
    }
    return unrouted(request);
  }

  private Pipeline pipelineOf(Route route) {
    Pipeline pipeline = route.pipeline();
    return pipeline != null ? pipeline : assemble(route);
  }

  /** No generation serves the capability here: NOT_FOUND, or UNAVAILABLE with the declaring plugin's state. */
  private Future<CallResult> unrouted(CallRequest request) {
    String capabilityId = request.capabilityId();
    RoutedPlugin declaring = registry.declaring(capabilityId);
    CallError error = declaring == null
      ? CallError.of(ErrorCode.NOT_FOUND, "Unknown capability: " + capabilityId)
      // the plugin's failure (often an exception's text) was logged when it failed; callers get its state only
      : CallError.of(ErrorCode.UNAVAILABLE, "Plugin " + declaring.id() + " is " + declaring.state());
    String pluginId = declaring == null ? null : declaring.id();
    CallFailure failure = new CallFailure(error, request.requestId(), pluginId, capabilityId);
    CallObserver.Observation observation = parts.observer().started(capabilityId, pluginId, request.requestId());
    CallLog.failed(failure, observation.traceId());
    observation.failed(failure, failure);
    return Future.failedFuture(failure);
  }

  /** Stops the deadline timers; calls still running keep their other bounds. */
  public void close() {
    deadlines.stop();
  }

  /**
   * Serves a message sent to {@code dhii.cap.<capabilityId>} ({@link EventBusCalls}).
   *
   * @param message the call
   */
  public void handle(Message<Object> message) {
    eventBus.handle(message);
  }
}
