package dev.dhii.runtime.ws;

import dev.dhii.runtime.config.WebSocketOptions;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import dev.dhii.runtime.json.StrictJson;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON-RPC connection: reads requests and batches, bounds the requests in flight, answers each as it
 * completes, cancels calls by id, and on close or error cancels every call in flight and drops its
 * subscriptions. Its state is touched only on its own context, and every frame is written from there.
 * It assembles fragmented messages itself, against the per-connection size bound and the bridge's
 * budget of bytes in progress (past it the connection is answered OVERLOADED and closed with 1013), checks
 * that a text message is valid UTF-8 (else 1007), closes a connection whose fragmented message takes longer
 * than {@code messageTimeoutMs} (1008) or that stays silent with nothing in flight for {@code idleTimeoutMs}
 * (1000), and fails every call but {@code auth} once the connection's token has expired (AUTHENTICATION,
 * then 1008).
 */
final class WebSocketConnection {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  private static final short NORMAL = 1000;
  private static final short INVALID_PAYLOAD = 1007;
  private static final short POLICY_VIOLATION = 1008;
  private static final short MESSAGE_TOO_BIG = 1009;
  private static final short INTERNAL_ERROR = 1011;
  private static final short TRY_AGAIN_LATER = 1013;

  private final ServerWebSocket ws;
  private final Context context;
  private final RpcMethods methods;
  private final WebSocketOptions options;
  private final WebSocketBridge.Shared shared;
  private final Subscriptions subscriptions;
  private final String clientKey;
  private final InFlight inFlight;
  private Principal principal;
  private boolean closed;
  /** The fragments of the message in progress, or null; their bytes are reserved from the shared budget. */
  private Buffer assembling;
  private boolean assemblingText;
  private long messageStartedAt = -1;
  private long lastActivity = System.currentTimeMillis();
  private long timer = -1;
  /** Set when a call found the token expired: the connection closes once that answer is written. */
  private boolean closeAfterReply;

  WebSocketConnection(ServerWebSocket ws, Context context, RpcMethods methods, WebSocketBridge.Shared shared,
                      Principal principal) {
    this.ws = ws;
    this.context = context;
    this.methods = methods;
    this.shared = shared;
    this.options = shared.options();
    this.principal = principal;
    this.inFlight = new InFlight(options.getMaxInFlight());
    this.clientKey = ws.remoteAddress() == null ? null : ws.remoteAddress().host();
    this.subscriptions = new Subscriptions(context.owner(),
      event -> send(new JsonObject().put("jsonrpc", "2.0").put("method", "event").put("params", event).encode()),
      options, shared.topics());
  }

  /** Answers a connection refused by a bound: an OVERLOADED error, then status 1013. */
  static void refuse(ServerWebSocket ws, String message) {
    ws.writeTextMessage(reply(null, RpcError.of(ErrorCode.OVERLOADED, message, null)));
    ws.close(TRY_AGAIN_LATER, "Too many connections");
  }

  void start() {
    ws.frameHandler(this::onFrame);
    ws.pongHandler(b -> lastActivity = System.currentTimeMillis());
    ws.exceptionHandler(this::onError);
    ws.closeHandler(v -> release());
    ws.drainHandler(v -> ws.resume());
    long tick = Math.max(50, Math.min(1_000, Math.min(options.getIdleTimeoutMs(), options.getMessageTimeoutMs()) / 4));
    timer = context.owner().setPeriodic(tick, id -> check(System.currentTimeMillis()));
  }

  private void check(long now) {
    if (closed) {
      return;
    }
    if (messageStartedAt >= 0 && now - messageStartedAt > options.getMessageTimeoutMs()) {
      LOG.info("websocket connection from {}: a message was not completed within {} ms; closing", clientKey,
        options.getMessageTimeoutMs());
      closeWith(POLICY_VIOLATION, "Message not completed within " + options.getMessageTimeoutMs() + " ms");
    } else if (messageStartedAt < 0 && inFlight.idle() && now - lastActivity > options.getIdleTimeoutMs()) {
      LOG.debug("websocket connection from {} idle for {} ms; closing", clientKey, options.getIdleTimeoutMs());
      closeWith(NORMAL, "Idle for " + options.getIdleTimeoutMs() + " ms");
    }
  }

  /** Data frames: assembled into messages here (control frames are Vert.x's). */
  private void onFrame(WebSocketFrame frame) {
    lastActivity = System.currentTimeMillis();
    if (closed || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return;
    }
    Buffer data = frame.binaryData();
    if (!frame.isContinuation()) {
      if (frame.isFinal()) {
        message(frame.isText(), data);
        return;
      }
      assemblingText = frame.isText();
      assembling = Buffer.buffer();
      messageStartedAt = lastActivity;
    } else if (assembling == null) {
      closeWith((short) 1002, "Continuation frame without a message in progress");
      return;
    }
    if (assembling.length() + (long) data.length() > options.getMaxFrameBytes()) {
      LOG.info("websocket connection from {} sent a message over {} bytes; closing", clientKey, options.getMaxFrameBytes());
      closeWith(MESSAGE_TOO_BIG, "Message larger than " + options.getMaxFrameBytes() + " bytes");
      return;
    }
    if (!shared.budget().tryReserve(data.length())) {
      LOG.info("websocket connection from {} refused: {} bytes of messages in progress over every connection",
        clientKey, shared.budget().capacity());
      send(reply(null, RpcError.of(ErrorCode.OVERLOADED, "The server holds as many messages in progress as it can;"
        + " try again later", null)));
      closeWith(TRY_AGAIN_LATER, "Too many messages in progress");
      return;
    }
    assembling.appendBuffer(data);
    if (frame.isFinal()) {
      Buffer whole = assembling;
      dropAssembly();
      message(assemblingText, whole);
    }
  }

  private void dropAssembly() {
    if (assembling != null) {
      shared.budget().release(assembling.length());
      assembling = null;
    }
    messageStartedAt = -1;
  }

  private void message(boolean text, Buffer bytes) {
    if (!text) {
      send(reply(null, RpcError.invalidRequest("send JSON-RPC in text frames, not binary")));
      return;
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.getBytes())).toString();
    } catch (CharacterCodingException e) {
      LOG.info("websocket connection from {} sent a text message that is not UTF-8; closing", clientKey);
      closeWith(INVALID_PAYLOAD, "Text message is not valid UTF-8");
      return;
    }
    onText(decoded);
  }

  private void closeWith(short status, String reason) {
    if (closed) {
      return;
    }
    release();
    ws.close(status, reason);
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
        afterMessage();
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

  /** After the answers to a message: a connection whose token expired is closed. */
  private void afterMessage() {
    if (closeAfterReply) {
      LOG.info("websocket connection from {} called with an expired token; closing", clientKey);
      closeWith(POLICY_VIOLATION, "Token expired");
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
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
    }
    dropAssembly();
    shared.connections().release(clientKey);
    inFlight.cancelAll("connection closed");
    subscriptions.close();
  }
}
