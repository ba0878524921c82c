package dev.dhii.runtime.dispatch;

import dev.dhii.api.PluginException;
import dev.dhii.api.Capability;
import dev.dhii.api.CancellationToken;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.ExecutionContext;
import dev.dhii.runtime.manifest.ResourceLimits;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.time.Instant;

/**
 * The pipeline's deadline, the one owner of a call's TIMEOUT and CANCELLED outcomes: it sets the call's
 * timeout (the caller's, the plugin's and the capability's, whichever is shortest) and its execution
 * context, arms one timer for all the attempts, and when the timer fires or the caller's token is
 * cancelled it fails the call, and the attempt running then, with that outcome. The plugin's worker is
 * interrupted on its own side ({@code kernel.PluginCall}), which decides no outcome.
 */
final class Deadline implements Stage {

  private final Deadlines timers;
  /** The plugin's and the capability's timeout, whichever is shorter: the route's, known when it is assembled. */
  private final long routeTimeoutMs;

  Deadline(Deadlines timers, Route route) {
    this.timers = timers;
    ResourceLimits limits = route.policies().limits();
    Capability<?, ?> capability = route.binding().capability();
    this.routeTimeoutMs = capability.timeout() == null ? limits.timeoutMs()
      : Math.min(limits.timeoutMs(), capability.timeout().toMillis());
  }

  @Override
  public Future<Object> run(Call call, Next next) {
    CallRequest request = call.request;
    long timeoutMs = timeoutOf(request);
    CancellationToken token = request.cancellation() != null ? request.cancellation() : CancellationToken.create();
    ExecutionContext ctx = ExecutionContext.builder().requestId(request.requestId()).userId(request.userId())
      .timeout(Duration.ofMillis(timeoutMs)).deadline(Instant.now().plusMillis(timeoutMs)).cancellation(token)
      .traceContext(call.observation::traceContext).progress(request.progress()).build();
    call.ctx = ctx;
    Promise<Object> outcome = call.promise();
    io.netty.util.Timeout timer = timers.schedule(timeoutMs, () -> token.cancel("deadline"));
    token.onCancel(() -> {
      Throwable failure = outcomeOf(ctx);
      call.expire(failure);
      outcome.tryFail(failure);
    });
    call.attempts = 1;
    next.run(call).onComplete(ar -> {
      timer.cancel();
      Call.settle(outcome, ar);
    });
    return outcome.future();
  }

  private long timeoutOf(CallRequest request) {
    if (request.timeoutMs() == null) {
      return routeTimeoutMs;
    }
    if (request.timeoutMs() <= 0) {
      throw PluginException.of(ErrorCode.VALIDATION, "The timeout must be a positive number of milliseconds");
    }
    return Math.min(routeTimeoutMs, request.timeoutMs());
  }

  /** @param ctx a cancelled call's context @return TIMEOUT when its deadline passed, else CANCELLED with the reason */
  static PluginException outcomeOf(ExecutionContext ctx) {
    String reason = ctx.cancellation().reason();
    return "deadline".equals(reason)
      ? PluginException.of(ErrorCode.TIMEOUT, "The call did not complete within " + ctx.timeout().toMillis() + " ms")
      : PluginException.of(ErrorCode.CANCELLED, "The call was cancelled: " + reason);
  }
}
