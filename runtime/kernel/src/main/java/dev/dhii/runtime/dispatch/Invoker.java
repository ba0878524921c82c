package dev.dhii.runtime.dispatch;

import dev.dhii.api.CancellationToken;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.Addresses;
import dev.dhii.runtime.kernel.PluginRegistry;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * How the bridges call a capability: straight into the local {@link Dispatcher} when this node hosts
 * the capability's plugin (no event bus hop), otherwise over the event bus at {@code dhii.cap.<id>},
 * where another node of the cluster may serve it. Both paths give the same results and errors.
 */
public final class Invoker {

  /** Extra time the bridge waits for a remote reply beyond the call's own deadline. */
  static final long REMOTE_GRACE_MS = 5_000;

  private final Vertx vertx;
  private final PluginRegistry registry;
  private final Dispatcher dispatcher;
  private final long defaultTimeoutMs;

  /**
   * @param vertx the Vert.x instance
   * @param registry the local registry
   * @param dispatcher the local dispatcher
   * @param defaultTimeoutMs the timeout of a remote call whose caller set none
   */
  public Invoker(Vertx vertx, PluginRegistry registry, Dispatcher dispatcher, long defaultTimeoutMs) {
    this.vertx = vertx;
    this.registry = registry;
    this.dispatcher = dispatcher;
    this.defaultTimeoutMs = defaultTimeoutMs;
  }

  /**
   * @param request the call
   * @return its result, or a failed Future with a {@link CallFailure}
   */
  public Future<CallResult> invoke(CallRequest request) {
    if (registry.route(request.capabilityId()) != null || registry.declaring(request.capabilityId()) != null) {
      return dispatcher.invoke(request);
    }
    return remote(request);
  }

  private Future<CallResult> remote(CallRequest request) {
    String requestId = request.requestId() != null ? request.requestId() : Dispatcher.newRequestId();
    long timeoutMs = request.timeoutMs() != null && request.timeoutMs() > 0 ? request.timeoutMs() : defaultTimeoutMs;
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs + REMOTE_GRACE_MS)
      .addHeader(Addresses.HEADER_REQUEST_ID, requestId);
    if (request.timeoutMs() != null) {
      options.addHeader(Addresses.HEADER_TIMEOUT_MS, Long.toString(request.timeoutMs()));
    }
    if (request.userId() != null) {
      options.addHeader(Addresses.HEADER_USER_ID, request.userId());
    }
    if (request.authorization() != null) {
      options.addHeader(Addresses.HEADER_AUTHORIZATION, request.authorization());
    }
    if (request.payloadBytes() >= 0) {
      options.addHeader(Addresses.HEADER_PAYLOAD_BYTES, Long.toString(request.payloadBytes()));
    }
    Future<CallResult> pending = vertx.eventBus()
      .<JsonObject>request(Addresses.capability(request.capabilityId()), request.input(), options)
      .map((Message<JsonObject> reply) -> new CallResult(reply.body(), requestId, null, attempts(reply)))
      .recover(failure -> Future.failedFuture(CallFailure.of(failure, requestId, request.capabilityId())));
    return request.cancellation() == null ? pending : cancellable(pending, request, requestId);
  }

  /**
   * The event bus carries no cancellation to the serving node: a cancelled remote call answers its caller
   * CANCELLED at once, as a local one does, and its late reply is dropped.
   */
  private static Future<CallResult> cancellable(Future<CallResult> pending, CallRequest request, String requestId) {
    Promise<CallResult> result = Promise.promise();
    CancellationToken token = request.cancellation();
    token.onCancel(() -> result.tryFail(new CallFailure(CallError.of(ErrorCode.CANCELLED,
      "The call was cancelled: " + token.reason()), requestId, null, request.capabilityId())));
    pending.onComplete(ar -> {
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }

  private static int attempts(Message<?> reply) {
    String value = reply.headers().get(Addresses.HEADER_ATTEMPTS);
    try {
      return value == null ? 1 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
