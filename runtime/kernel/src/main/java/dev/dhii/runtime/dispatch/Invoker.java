package dev.dhii.runtime.dispatch;

import dev.dhii.api.CancellationToken;
import dev.dhii.api.ErrorCode;
import dev.dhii.client.DhiiCallException;
import dev.dhii.client.DhiiClient;
import dev.dhii.client.DhiiClientOptions;
import dev.dhii.client.InvokeOptions;
import dev.dhii.runtime.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * How the bridges call a capability: straight into the local {@link Dispatcher} when this node serves
 * the capability's plugin (no event bus hop), otherwise over the event bus at {@code dhii.cap.<id>}
 * with a {@link DhiiClient}, where another node of the cluster may serve it. Both paths give the same
 * results and errors. A remote call waits for its deadline plus a grace: a node that dies with the
 * call in flight never answers, and the call then fails with TIMEOUT.
 */
public final class Invoker {

  private final Routes registry;
  private final Dispatcher dispatcher;
  private final DhiiClient client;
  private final boolean clustered;

  /**
   * @param vertx the Vert.x instance
   * @param registry the local registry
   * @param dispatcher the local dispatcher
   * @param defaultTimeoutMs the deadline of a remote call whose caller set none
   * @param replyGraceMs how much longer than its deadline a remote call waits for an answer
   */
  public Invoker(Vertx vertx, Routes registry, Dispatcher dispatcher, long defaultTimeoutMs, long replyGraceMs) {
    this.registry = registry;
    this.dispatcher = dispatcher;
    this.client = DhiiClient.create(vertx, new DhiiClientOptions().setDefaultTimeoutMs(defaultTimeoutMs)
      .setReplyGraceMs(replyGraceMs));
    this.clustered = vertx.isClustered();
  }

  /**
   * @param request the call
   * @return its result, or a failed Future with a {@link CallFailure}
   */
  public Future<CallResult> invoke(CallRequest request) {
    String capabilityId = request.capabilityId();
    Route route = registry.route(capabilityId);
    if (route != null) {
      return dispatcher.invoke(request, route);
    }
    boolean declaredHere = registry.declaring(capabilityId) != null;
    if (!clustered && declaredHere) {
      return dispatcher.invoke(request); // not served: the dispatcher says why
    }
    return remote(request).recover(failure -> declaredHere && noNodeServes(failure)
      ? dispatcher.invoke(request) // no node serves it: this node's plugin state explains it best
      : Future.failedFuture(failure));
  }

  private static boolean noNodeServes(Throwable failure) {
    return failure instanceof CallFailure cf && cf.original() instanceof DhiiCallException dce
      && dce.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private Future<CallResult> remote(CallRequest request) {
    String requestId = request.requestId();
    InvokeOptions options = new InvokeOptions().setRequestId(requestId).setUserId(request.userId())
      .setAuthorization(request.authorization()).setPayloadBytes(Math.max(-1, request.payloadBytes()));
    if (request.timeoutMs() != null && request.timeoutMs() > 0) {
      options.setTimeoutMs(request.timeoutMs());
    }
    Future<CallResult> pending = client.request(request.capabilityId(), request.input(), options)
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
