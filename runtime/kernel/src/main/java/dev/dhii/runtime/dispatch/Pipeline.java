package dev.dhii.runtime.dispatch;

import dev.dhii.api.Capability;
import dev.dhii.runtime.resilience.RateLimiter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The call pipeline of one route (DESIGN §5), assembled once when a generation is published and shared by
 * every call of it. In call order:
 * <ol>
 *   <li><b>admission</b>: the generation takes the call, or refuses it while it is drained (the dispatcher
 *       then looks the route up again); the call's observation (span, metrics) starts;</li>
 *   <li><b>authentication</b>: a bearer token becomes the call's user;</li>
 *   <li><b>size</b>: the input is a JSON object within the plugin's payload limit;</li>
 *   <li><b>auth</b>: a user is there, for a capability that requires one;</li>
 *   <li><b>rate limit</b>: for a capability with a limit, the caller is under it;</li>
 *   <li><b>input schema</b>;</li>
 *   <li><b>deadline</b>: one timer for every attempt; the one owner of TIMEOUT and CANCELLED;</li>
 *   <li><b>retry</b> of safe network failures, within the deadline;</li>
 *   <li><b>breaker</b>: the plugin's circuit;</li>
 *   <li><b>bulkhead</b>: the plugin's concurrency bound and queue;</li>
 *   <li><b>execute</b> on the plugin's worker pool, then the <b>output schema</b> on what it returned;</li>
 *   <li><b>telemetry</b>: the generation is left, the observation ends and a failure is logged, once.</li>
 * </ol>
 * A policy switched off ({@link PolicySwitches}), a capability without a rate limit or that needs no user
 * has no stage in the chain: nothing is checked per call for it.
 * <p>
 * <b>Threads.</b> The stages up to execute run on the caller's thread; the plugin runs on its worker. The
 * tail, from the plugin's outcome on (output schema, breaker and retry, telemetry, the caller's own
 * handlers: the reply), runs on the caller's event loop when the call came from one, on every transport
 * (HTTP, WebSocket, TCP, the event bus consumer); an expired deadline is delivered there too. A call
 * made off any event loop (a plugin calling a capability from its worker) goes on where the plugin's
 * outcome settles.
 */
public final class Pipeline {

  /**
   * What the stages of every route share.
   *
   * @param vertx the Vert.x instance (backoff timers)
   * @param rateLimiter the per-caller rate limiter
   * @param authenticator checks bearer tokens
   * @param observer watches every call
   * @param switches which policies are in the chain
   * @param deadlines the calls' deadline timers
   * @param lenientOutput the output check of v1 capabilities
   */
  record Parts(Vertx vertx, RateLimiter rateLimiter, Authenticator authenticator, CallObserver observer,
               PolicySwitches switches, Deadlines deadlines, LenientOutput lenientOutput) {
  }

  private final Route route;
  private final CallObserver observer;
  private final Stage.Next chain;
  private final int size;

  private Pipeline(Route route, CallObserver observer, List<Stage> stages) {
    this.route = route;
    this.observer = observer;
    this.size = stages.size();
    Stage.Next next = call -> {
      throw new IllegalStateException("the pipeline ends with execute");
    };
    for (int i = stages.size() - 1; i >= 0; i--) {
      Stage stage = stages.get(i);
      Stage.Next rest = next;
      next = call -> stage.run(call, rest);
    }
    this.chain = next;
  }

  /**
   * @param route the route
   * @param parts what the stages share
   * @return the route's pipeline, its stages in call order
   */
  static Pipeline assemble(Route route, Parts parts) {
    Capability<?, ?> capability = route.binding().capability();
    PolicySwitches switches = parts.switches();
    List<Stage> stages = new ArrayList<>();
    stages.add(new Authentication(parts.authenticator()));
    stages.add(Checks.size(route));
    if (capability.requiresAuth()) {
      stages.add(Checks.authenticated(capability));
    }
    if (switches.rateLimit() && capability.rateLimitPerMinute() > 0) {
      stages.add(Checks.rateLimit(capability, parts.rateLimiter()));
    }
    stages.add(Checks.inputSchema(route.binding()));
    stages.add(new Deadline(parts.deadlines(), route));
    if (switches.retry()) {
      stages.add(Resilience.retry(parts.vertx(), route));
    }
    if (switches.breaker()) {
      stages.add(Resilience.breaker(route));
    }
    if (switches.bulkhead()) {
      stages.add(Resilience.bulkhead(route));
    }
    stages.add(new OutputSchema(route, parts.lenientOutput())); // acts on what execute returns
    stages.add(new Execute(route));
    return new Pipeline(route, parts.observer(), stages);
  }

  /** @return how many stages the chain has (admission and telemetry aside) */
  int stages() {
    return size;
  }

  /**
   * Runs one call, admission to telemetry.
   *
   * @param request the call, for this route's capability
   * @return its result, or a failed Future with a {@link CallFailure}; null when the generation is being
   *     drained and refuses new calls
   */
  Future<CallResult> call(CallRequest request) {
    if (!route.host().tryEnter()) {
      return null;
    }
    String requestId = request.requestId();
    String pluginId = route.plugin().id();
    CallObserver.Observation observation = observer.started(request.capabilityId(), pluginId, requestId,
      request.traceContext());
    Context current = Vertx.currentContext();
    ContextInternal caller = current != null && current.isEventLoopContext() ? (ContextInternal) current : null;
    Call call = new Call(request, route, observation, caller);
    Future<Object> outcome;
    try {
      outcome = chain.run(call);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    Promise<CallResult> result = call.promise();
    outcome.onComplete(ar -> {
      route.host().exit();
      if (ar.succeeded()) {
        observation.succeeded(call.attempts);
        result.complete(new CallResult((JsonObject) ar.result(), requestId, pluginId, call.attempts));
      } else {
        CallFailure failure = CallFailure.of(ar.cause(), requestId, request.capabilityId()).withPlugin(pluginId)
          .withAttempts(call.attempts);
        CallLog.failed(failure, observation.traceId());
        observation.failed(failure, failure.original() != null ? failure.original() : failure);
        result.fail(failure);
      }
    });
    return result.future();
  }
}
