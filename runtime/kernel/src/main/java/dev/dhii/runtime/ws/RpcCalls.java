package dev.dhii.runtime.ws;

import dev.dhii.api.CancellationToken;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.Principal;
import dev.dhii.runtime.json.StrictJson;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON-RPC side of one connection: parses a message (one request or a batch), bounds the requests in
 * flight, runs each through {@link RpcMethods} (answering {@code cancel} itself), and writes each answer
 * once it is complete, a batch's answers together. Every call but {@code auth} fails once the connection's
 * token has expired (AUTHENTICATION; the connection closes after that answer). Used on the connection's
 * context only.
 */
final class RpcCalls {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

  private final WebSocketConnection connection;
  private final RpcMethods methods;
  private final InFlight inFlight;
  /** Set when a call found the token expired: the connection closes once that answer is written. */
  private boolean closeAfterReply;

  RpcCalls(WebSocketConnection connection, RpcMethods methods, InFlight inFlight) {
    this.connection = connection;
    this.methods = methods;
    this.inFlight = inFlight;
  }

  /** @param text a whole text message */
  void onText(String text) {
    Object message;
    try {
      message = StrictJson.parse(text);
    } catch (StrictJson.InvalidJsonException e) {
      connection.send(reply(null, RpcError.parse(e.getMessage() + (e.pointer().isEmpty() ? "" : " at " + e.pointer())
        + (e.offset() >= 0 ? " (character " + e.offset() + ")" : ""))));
      return;
    }
    if (message instanceof JsonArray batch) {
      batch(batch);
    } else {
      handle(message).onSuccess(reply -> {
        if (reply != null) {
          connection.send(reply);
        }
        afterMessage();
      });
    }
  }

  private void batch(JsonArray batch) {
    if (batch.isEmpty()) {
      connection.send(reply(null, RpcError.invalidRequest("an empty batch")));
      return;
    }
    List<Future<String>> replies = new ArrayList<>(batch.size());
    batch.forEach(message -> replies.add(handle(message)));
    Future.all(replies).onSuccess(all -> {
      List<String> answered = replies.stream().map(Future::result).filter(r -> r != null).toList();
      if (!answered.isEmpty()) {
        connection.send("[" + String.join(",", answered) + "]");
      }
      afterMessage();
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
    Principal principal = connection.principal();
    if (principal != null && principal.expired(Instant.now()) && !"auth".equals(request.method())) {
      closeAfterReply = true;
      return Future.succeededFuture(answer(request, Future.failedFuture(RpcError.of(ErrorCode.AUTHENTICATION,
        "The connection's token expired at " + principal.expiresAt() + "; authenticate again with auth", null))));
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
      result = methods.call(connection, request, token);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return connection.onContext(result).transform(ar -> {
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

  /** @param id the request's id, or null @param error the error @return the encoded error response */
  static String reply(Object id, RpcError error) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", error.toJson()).encode();
  }

  /** After the answers to a message: a connection whose token expired is closed. */
  private void afterMessage() {
    if (closeAfterReply) {
      LOG.info("websocket connection from {} called with an expired token; closing", connection.clientKey());
      connection.closeWith(WebSocketConnection.POLICY_VIOLATION, "Token expired");
    }
  }
}
