package dev.dhii.runtime.ws;

import dev.dhii.api.CancellationToken;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.Principal;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import dev.dhii.runtime.json.StrictJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One JSON-RPC connection: reads requests and batches, bounds the requests in flight, answers each as it
 * completes, cancels calls by id, and on close or error cancels every call in flight and drops its
 * subscriptions. Its state is touched only on its own context, and every frame is written from there.
 */
final class WebSocketConnection {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  private static final short MESSAGE_TOO_BIG = 1009;
  private static final short INTERNAL_ERROR = 1011;

  private final ServerWebSocket ws;
  private final Context context;
  private final RpcMethods methods;
  private final WebSocketOptions options;
  private final Subscriptions subscriptions;
  private final String clientKey;
  private final InFlight inFlight;
  private Principal principal;
  private boolean closed;

  WebSocketConnection(ServerWebSocket ws, Context context, RpcMethods methods, WebSocketOptions options,
                      Principal principal) {
    this.ws = ws;
    this.context = context;
    this.methods = methods;
    this.options = options;
    this.principal = principal;
    this.inFlight = new InFlight(options.getMaxInFlight());
    this.clientKey = ws.remoteAddress() == null ? null : ws.remoteAddress().host();
    this.subscriptions = new Subscriptions(context.owner(),
      event -> send(new JsonObject().put("jsonrpc", "2.0").put("method", "event").put("params", event).encode()));
  }

  void start() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> send(reply(null, RpcError.invalidRequest("send JSON-RPC in text frames, not binary"))));
    ws.exceptionHandler(this::onError);
    ws.closeHandler(v -> release());
    ws.drainHandler(v -> ws.resume());
  }

  Principal principal() {
    return principal;
  }

  void principal(Principal principal) {
    this.principal = principal;
  }

  String clientKey() {
    return clientKey;
  }

  Subscriptions subscriptions() {
    return subscriptions;
  }

  /** @param future a Future completed on any thread @return the same outcome, delivered on this connection's context */
  <T> Future<T> onContext(Future<T> future) {
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        promise.handle(ar);
      } else {
        context.runOnContext(v -> promise.handle(ar));
      }
    });
    return promise.future();
  }

  private void onText(String text) {
    Object message;
    try {
      message = StrictJson.parse(text);
    } catch (StrictJson.InvalidJsonException e) {
      send(reply(null, RpcError.parse(e.getMessage() + (e.pointer().isEmpty() ? "" : " at " + e.pointer())
        + (e.offset() >= 0 ? " (character " + e.offset() + ")" : ""))));
      return;
    }
    if (message instanceof JsonArray batch) {
      batch(batch);
    } else {
      handle(message).onSuccess(reply -> {
        if (reply != null) {
          send(reply);
        }
      });
    }
  }

  private void batch(JsonArray batch) {
    if (batch.isEmpty()) {
      send(reply(null, RpcError.invalidRequest("an empty batch")));
      return;
    }
    List<Future<String>> replies = new ArrayList<>(batch.size());
    batch.forEach(message -> replies.add(handle(message)));
    Future.all(replies).onSuccess(all -> {
      List<String> answered = replies.stream().map(Future::result).filter(r -> r != null).toList();
      if (!answered.isEmpty()) {
        send("[" + String.join(",", answered) + "]");
      }
    });
  }

  /** @return the encoded response, or null for a notification; never a failed Future */
  private Future<String> handle(Object message) {
    RpcRequest request;
    try {
      request = RpcRequest.parse(message);
    } catch (RpcError e) {
      return Future.succeededFuture(reply(RpcRequest.idOf(message), e));
    }
    if (RpcMethods.CANCEL.equals(request.method())) {
      return Future.succeededFuture(answer(request, cancel(request)));
    }
    boolean invoke = RpcMethods.INVOKE.equals(request.method());
    if (invoke && !request.notification() && inFlight.hasCall(request.id())) {
      return Future.succeededFuture(reply(request.id(), RpcError.invalidRequest("id " + request.id()
        + " is in use by a call in flight")));
    }
    if (inFlight.full()) {
      return Future.succeededFuture(answer(request, Future.failedFuture(RpcError.of(ErrorCode.OVERLOADED,
        inFlight.max() + " requests are in flight on this connection; wait for a reply", null))));
    }
    CancellationToken token = inFlight.start(request, invoke);
    Future<?> result;
    try {
      result = methods.call(this, request, token);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return onContext(result).transform(ar -> {
      inFlight.end(request, token);
      return Future.succeededFuture(answer(request, ar));
    });
  }

  private Future<Object> cancel(RpcRequest request) {
    try {
      JsonObject params = request.named();
      Object id = params.getValue("id");
      if (!params.containsKey("id") || !(id == null || id instanceof String || id instanceof Number)) {
        throw RpcError.invalidParams("cancel needs id, the id of the call to cancel");
      }
      return Future.succeededFuture(new JsonObject().put("cancelled", inFlight.cancel(id, "caller")));
    } catch (RpcError e) {
      return Future.failedFuture(e);
    }
  }

  /** @return the encoded response to {@code request} with the outcome, or null for a notification */
  private String answer(RpcRequest request, AsyncResult<?> outcome) {
    Throwable cause = outcome.cause();
    if (cause != null && !(cause instanceof RpcError || cause instanceof CallFailure || cause instanceof PluginException)) {
      LOG.error("websocket method {} failed", request.method(), outcome.cause());
    }
    if (request.notification()) {
      return null;
    }
    if (outcome.succeeded()) {
      return new JsonObject().put("jsonrpc", "2.0").put("id", request.id()).put("result", outcome.result()).encode();
    }
    return reply(request.id(), RpcError.from(outcome.cause()));
  }

  private static String reply(Object id, RpcError error) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", error.toJson()).encode();
  }

  private void send(String frame) {
    if (closed) {
      return;
    }
    ws.writeTextMessage(frame);
    if (ws.writeQueueFull()) {
      ws.pause(); // resumed by the drain handler: a client that does not read stops being read
    }
  }

  /** A protocol violation, an oversized frame or message, a reset: the connection is over. */
  private void onError(Throwable failure) {
    LOG.debug("websocket connection from {} failed: {}", clientKey, failure.toString());
    if (closed) {
      return;
    }
    release();
    if (failure instanceof CorruptedWebSocketFrameException corrupted) {
      ws.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().code() == MESSAGE_TOO_BIG
        ? "Frame larger than " + options.getMaxFrameBytes() + " bytes" : corrupted.closeStatus().reasonText());
    } else if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("max message size")) {
      ws.close(MESSAGE_TOO_BIG, "Message larger than " + options.getMaxFrameBytes() + " bytes");
    } else {
      ws.close(INTERNAL_ERROR, "Connection error");
    }
  }

  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    inFlight.cancelAll("connection closed");
    subscriptions.close();
  }
}
