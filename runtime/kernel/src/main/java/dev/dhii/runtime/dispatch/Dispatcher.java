package dev.dhii.runtime.dispatch;

import dev.dhii.api.Capability;
import dev.dhii.api.CancellationToken;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.ExecutionContext;
import dev.dhii.api.PluginValidationException;
import dev.dhii.api.PluginValidationException.Violation;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.manifest.ResourceLimits;
import dev.dhii.runtime.resilience.RateLimitedException;
import dev.dhii.runtime.resilience.RateLimiter;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dispatch pipeline of one call (DESIGN §5): resolve the capability, payload size, authentication,
 * rate limit, input validation, then (retried for safe network failures, inside the deadline) circuit
 * breaker, bulkhead and the plugin's worker, then output validation. Every transport calls
 * {@link #invoke}; the event bus consumers of {@code dhii.cap.*} call {@link #handle}. Each failure is
 * logged once here, with its request id and plugin id, and the request and trace ids in the MDC
 * ({@code requestId}, {@code traceId}). Thread-safe.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Vertx vertx;
  private final Routes registry;
  private final RateLimiter rateLimiter;
  private final Authenticator authenticator;
  private final CallObserver observer;
  private final PolicySwitches policies;
  private final Deadlines deadlines = new Deadlines();
  private final LenientOutput lenientOutput = new LenientOutput();

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
    this.vertx = vertx;
    this.registry = registry;
    this.rateLimiter = rateLimiter;
    this.authenticator = authenticator;
    this.observer = observer;
    this.policies = policies;
  }

  /** @return how bearer tokens are checked (the admin address checks its callers with it too) */
  public Authenticator authenticator() {
    return authenticator;
  }

  /**
   * Runs one call through the pipeline.
   *
   * @param request the call
   * @return its result, or a failed Future with a {@link CallFailure}
   */
  public Future<CallResult> invoke(CallRequest request) {
    String requestId = request.requestId();
    String capabilityId = request.capabilityId();
    Route found = registry.route(capabilityId);
    // a generation being drained refuses new calls; by then a redeploy has published its successor
    for (int tries = 0; found != null && !found.host().tryEnter(); tries++) {
      Route next = registry.route(capabilityId);
      found = next == found || tries == 3 ? null : next;
    }
    if (found == null) {
      RoutedPlugin declaring = registry.declaring(capabilityId);
      CallError error = declaring == null
        ? CallError.of(ErrorCode.NOT_FOUND, "Unknown capability: " + capabilityId)
        // the plugin's failure (often an exception's text) was logged when it failed; callers get its state only
        : CallError.of(ErrorCode.UNAVAILABLE, "Plugin " + declaring.id() + " is " + declaring.state());
      String pluginId = declaring == null ? null : declaring.id();
      CallFailure failure = new CallFailure(error, requestId, pluginId, capabilityId);
      CallObserver.Observation observation = observer.started(capabilityId, pluginId, requestId);
      log(failure, observation.traceId());
      observation.failed(failure, failure);
      return rejected(failure);
    }
    Route route = found;
    CallObserver.Observation observation = observer.started(capabilityId, route.plugin().id(), requestId,
      request.traceContext());
    Future<CallResult> result;
    if (request.userId() == null && request.authorization() != null) {
      result = authenticator.authenticate(request.authorization())
        .transform(ar -> ar.succeeded()
          ? admitAndRun(request.withUserId(ar.result().userId()), route, requestId, observation)
          : rejected(CallFailure.of(ar.cause(), requestId, capabilityId).withPlugin(route.plugin().id())));
    } else {
      result = admitAndRun(request, route, requestId, observation);
    }
    return result.andThen(ar -> {
      route.host().exit();
      if (ar.succeeded()) {
        observation.succeeded(ar.result().attempts());
      } else {
        CallFailure failure = (CallFailure) ar.cause();
        log(failure, observation.traceId());
        observation.failed(failure, failure.original() != null ? failure.original() : failure);
      }
    });
  }

  private Future<CallResult> admitAndRun(CallRequest request, Route route, String requestId,
                                         CallObserver.Observation observation) {
    try {
      ExecutionContext ctx = admit(request, route, requestId, observation::traceContext);
      return run(route, (JsonObject) request.input(), ctx, observation);
    } catch (RuntimeException e) {
      return rejected(CallFailure.of(e, requestId, request.capabilityId()).withPlugin(route.plugin().id()));
    }
  }

  /** The checks before any plugin code runs; each throws its typed error. */
  private ExecutionContext admit(CallRequest request, Route route, String requestId,
                                 java.util.function.Supplier<Map<String, String>> trace) {
    Capability<?, ?> capability = route.binding().capability();
    ResourceLimits limits = route.policies().limits();
    if (!(request.input() instanceof JsonObject params)) {
      throw new KernelException(ErrorCode.VALIDATION, "The input must be a JSON object");
    }
    long size = request.payloadBytes() >= 0 ? request.payloadBytes() : JsonSize.of(params, limits.maxPayloadBytes());
    if (size > limits.maxPayloadBytes()) {
      throw new KernelException(ErrorCode.PAYLOAD_TOO_LARGE, "The input is larger than the " + limits.maxPayloadBytes()
        + " bytes plugin " + route.plugin().id() + " accepts", new JsonObject().put("maxPayloadBytes", limits.maxPayloadBytes()));
    }
    if (capability.requiresAuth() && request.userId() == null) {
      throw new KernelException(ErrorCode.AUTHENTICATION, capability.id() + " requires an authenticated caller");
    }
    if (policies.rateLimit() && capability.rateLimitPerMinute() > 0) {
      String who = request.userId() != null ? "user:" + request.userId()
        : "client:" + (request.clientKey() == null ? "anonymous" : request.clientKey());
      long waitMs = rateLimiter.tryAcquire(capability.id() + '|' + who, capability.rateLimitPerMinute());
      if (waitMs > 0) {
        throw new RateLimitedException("Rate limit of " + capability.rateLimitPerMinute() + " calls a minute reached for "
          + capability.id(), waitMs);
      }
    }
    List<Violation> violations = route.binding().input().validate(params);
    if (!violations.isEmpty()) {
      throw new PluginValidationException("The input does not match the input schema of " + capability.id()
        + ": " + violations.get(0).pointer() + " " + violations.get(0).message(), violations);
    }
    long timeoutMs = timeoutOf(request, limits, capability);
    CancellationToken token = request.cancellation() != null ? request.cancellation() : CancellationToken.create();
    return ExecutionContext.builder().requestId(requestId).userId(request.userId())
      .timeout(Duration.ofMillis(timeoutMs)).deadline(Instant.now().plusMillis(timeoutMs)).cancellation(token)
      .traceContext(trace).progress(request.progress()).build();
  }

  private static long timeoutOf(CallRequest request, ResourceLimits limits, Capability<?, ?> capability) {
    long timeoutMs = limits.timeoutMs();
    if (request.timeoutMs() != null) {
      if (request.timeoutMs() <= 0) {
        throw new KernelException(ErrorCode.VALIDATION, "The timeout must be a positive number of milliseconds");
      }
      timeoutMs = Math.min(timeoutMs, request.timeoutMs());
    }
    if (capability.timeout() != null) {
      timeoutMs = Math.min(timeoutMs, capability.timeout().toMillis());
    }
    return timeoutMs;
  }

  private Future<CallResult> run(Route route, JsonObject params, ExecutionContext ctx, CallObserver.Observation observation) {
    Promise<CallResult> promise = Promise.promise();
    CancellationToken token = ctx.cancellation();
    io.netty.util.Timeout timer = deadlines.schedule(ctx.timeout().toMillis(), () -> token.cancel("deadline"));
    token.onCancel(() -> promise.tryFail("deadline".equals(token.reason())
      ? new KernelException(ErrorCode.TIMEOUT, "The call did not complete within " + ctx.timeout().toMillis() + " ms")
      : new KernelException(ErrorCode.CANCELLED, "The call was cancelled: " + token.reason())));
    int[] attempts = {0};
    Capability<?, ?> capability = route.binding().capability();
    Future<JsonObject> outcome;
    if (policies.retry()) {
      outcome = route.policies().retry().run(vertx, () -> attempt(route, params, ctx, observation), capability.idempotent(),
        ctx.deadline().toEpochMilli(), n -> attempts[0] = n);
    } else {
      attempts[0] = 1;
      outcome = attempt(route, params, ctx, observation);
    }
    outcome.onComplete(ar -> {
        timer.cancel();
        if (ar.succeeded()) {
          promise.tryComplete(new CallResult(ar.result(), ctx.requestId(), route.plugin().id(), attempts[0]));
        } else {
          promise.tryFail(ar.cause());
        }
      });
    return promise.future().recover(failure -> rejected(CallFailure.of(failure, ctx.requestId(), capability.id())
      .withPlugin(route.plugin().id()).withAttempts(attempts[0])));
  }

  private Future<JsonObject> attempt(Route route, JsonObject params, ExecutionContext ctx, CallObserver.Observation observation) {
    return policies.breaker() ? route.policies().breaker().execute(() -> bounded(route, params, ctx, observation))
      : bounded(route, params, ctx, observation);
  }

  private Future<JsonObject> bounded(Route route, JsonObject params, ExecutionContext ctx, CallObserver.Observation observation) {
    Promise<Object> result = Promise.promise();
    if (policies.bulkhead()) {
      route.policies().bulkhead()
        .submit(() -> route.host().execute(route.binding().id(), params, ctx, result), () -> !ctx.isCancelled())
        .onFailure(result::tryFail);
    } else {
      route.host().execute(route.binding().id(), params, ctx, result);
    }
    return result.future().map(raw -> checkOutput(route, raw, observation));
  }

  @SuppressWarnings("unchecked")
  private JsonObject checkOutput(Route route, Object raw, CallObserver.Observation observation) {
    JsonObject output;
    if (raw instanceof JsonObject json) {
      output = json;
    } else if (raw instanceof Map<?, ?> map) {
      output = new JsonObject((Map<String, Object>) map);
    } else {
      throw new KernelException(ErrorCode.INTERNAL, "Plugin " + route.plugin().id() + " returned "
        + (raw == null ? "null" : "a " + raw.getClass().getName()) + " instead of a JSON object");
    }
    List<Violation> violations = route.binding().output().validate(output);
    if (!violations.isEmpty() && route.binding().lenient()) {
      return lenientOutput.passOn(route, output, observation);
    }
    if (!violations.isEmpty()) {
      JsonArray list = new JsonArray();
      violations.forEach(v -> list.add(v.toJson()));
      throw new KernelException(ErrorCode.INTERNAL, "The output of " + route.binding().id()
        + " does not match its output schema: " + violations.get(0).pointer() + " " + violations.get(0).message(),
        new JsonObject().put("violations", list));
    }
    return output;
  }

  private static Future<CallResult> rejected(CallFailure failure) {
    return Future.failedFuture(failure);
  }

  /** Logs a failed call, once: plugin-side failures at WARN (ERROR with the stack for a bug), caller errors at INFO. */
  private static void log(CallFailure failure, String traceId) {
    ErrorCode code = failure.error().code();
    if (code.httpStatus() < 500 && !LOG.isInfoEnabled()) {
      return;
    }
    String previousRequestId = MDC.get("requestId");
    String previousTraceId = MDC.get("traceId");
    putMdc("requestId", failure.requestId());
    putMdc("traceId", traceId);
    try {
      if (code.httpStatus() >= 500) {
        Throwable original = failure.original();
        boolean bug = code == ErrorCode.INTERNAL && original != null && !(original instanceof dev.dhii.api.PluginException);
        String line = "call failed requestId={} pluginId={} capabilityId={} code={} attempts={}: {}";
        if (bug) {
          LOG.error(line, failure.requestId(), failure.pluginId(), failure.capabilityId(), code, failure.attempts(),
            failure.error().message(), original);
        } else {
          LOG.warn(line, failure.requestId(), failure.pluginId(), failure.capabilityId(), code, failure.attempts(),
            failure.error().message());
        }
      } else {
        LOG.info("call rejected requestId={} pluginId={} capabilityId={} code={}: {}", failure.requestId(),
          failure.pluginId(), failure.capabilityId(), code, failure.error().message());
      }
    } finally {
      putMdc("requestId", previousRequestId);
      putMdc("traceId", previousTraceId);
    }
  }

  /** Sets an MDC entry, or removes it for null. */
  private static void putMdc(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Stops the deadline timers; calls still running keep their other bounds. */
  public void close() {
    deadlines.stop();
  }

  /**
   * Serves a message sent to {@code dhii.cap.<capabilityId>}: replies with the output (headers
   * {@code dhii-request-id}, {@code dhii-attempts}) or fails it with the HTTP status as failure code and
   * the error body as message.
   *
   * @param message the call
   */
  public void handle(Message<Object> message) {
    MultiMap headers = message.headers();
    String capabilityId = message.address().substring(Addresses.CAPABILITY_PREFIX.length());
    String requestId = headers.get(Addresses.HEADER_REQUEST_ID);
    Long timeoutMs;
    long payloadBytes;
    try {
      timeoutMs = parseLong(headers.get(Addresses.HEADER_TIMEOUT_MS), Addresses.HEADER_TIMEOUT_MS);
      Long size = parseLong(headers.get(Addresses.HEADER_PAYLOAD_BYTES), Addresses.HEADER_PAYLOAD_BYTES);
      payloadBytes = size == null ? -1 : size;
    } catch (KernelException e) {
      CallFailure failure = CallFailure.of(e, CallRequest.requestIdOf(requestId), capabilityId);
      log(failure, null);
      message.fail(failure.status(), failure.toBody().encode());
      return;
    }
    CallRequest request = CallRequest.builder(capabilityId, message.body()).requestId(requestId)
      .userId(headers.get(Addresses.HEADER_USER_ID)).timeoutMs(timeoutMs).authorization(headers.get(Addresses.HEADER_AUTHORIZATION))
      .payloadBytes(payloadBytes).clientKey(headers.get(Addresses.HEADER_CLIENT)).build();
    invoke(request).onComplete(ar -> {
      if (ar.succeeded()) {
        CallResult result = ar.result();
        message.reply(result.output(), new DeliveryOptions()
          .addHeader(Addresses.HEADER_REQUEST_ID, result.requestId())
          .addHeader(Addresses.HEADER_ATTEMPTS, Integer.toString(result.attempts())));
      } else {
        CallFailure failure = (CallFailure) ar.cause();
        message.fail(failure.status(), failure.toBody().encode());
      }
    });
  }

  private static Long parseLong(String value, String header) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new KernelException(ErrorCode.VALIDATION, "Header " + header + " must be a number: " + value);
    }
  }
}
