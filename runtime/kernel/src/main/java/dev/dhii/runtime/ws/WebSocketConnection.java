package dev.dhii.runtime.ws;

import dev.dhii.runtime.config.WebSocketOptions;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.Principal;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC connection: its lifecycle and bounds. Frames become messages in its {@link MessageAssembler},
 * messages become calls and answers in its {@link RpcCalls}; on close or error it cancels every call in
 * flight and drops its subscriptions. Its state is touched only on its own context, and every frame is
 * written from there. It closes a connection whose fragmented message takes longer than
 * {@code messageTimeoutMs} (1008) or that stays silent with nothing in flight for {@code idleTimeoutMs}
 * (1000), and pauses reading from a client that does not read its answers.
 */
final class WebSocketConnection {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  private static final short NORMAL = 1000;
  static final short POLICY_VIOLATION = 1008;
  static final short MESSAGE_TOO_BIG = 1009;
  private static final short INTERNAL_ERROR = 1011;
  static final short TRY_AGAIN_LATER = 1013;

  private final ServerWebSocket ws;
  private final Context context;
  private final WebSocketOptions options;
  private final WebSocketBridge.Shared shared;
  private final Subscriptions subscriptions;
  private final String clientKey;
  private final InFlight inFlight;
  private final MessageAssembler assembler;
  private final RpcCalls calls;
  private Principal principal;
  private boolean closed;
  private long lastActivity = System.currentTimeMillis();
  private long timer = -1;

  WebSocketConnection(ServerWebSocket ws, Context context, RpcMethods methods, WebSocketBridge.Shared shared,
                      Principal principal) {
    this.ws = ws;
    this.context = context;
    this.shared = shared;
    this.options = shared.options();
    this.principal = principal;
    this.inFlight = new InFlight(options.getMaxInFlight());
    this.clientKey = ws.remoteAddress() == null ? null : ws.remoteAddress().host();
    this.subscriptions = new Subscriptions(context.owner(),
      event -> send(new JsonObject().put("jsonrpc", "2.0").put("method", "event").put("params", event).encode()),
      options, shared.topics());
    this.assembler = new MessageAssembler(this, options, shared.budget());
    this.calls = new RpcCalls(this, methods, inFlight);
  }

  /** Answers a connection refused by a bound: an OVERLOADED error, then status 1013. */
  static void refuse(ServerWebSocket ws, String message) {
    ws.writeTextMessage(RpcCalls.reply(null, RpcError.of(ErrorCode.OVERLOADED, message, null)));
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
    long messageStartedAt = assembler.startedAt();
    if (messageStartedAt >= 0 && now - messageStartedAt > options.getMessageTimeoutMs()) {
      LOG.info("websocket connection from {}: a message was not completed within {} ms; closing", clientKey,
        options.getMessageTimeoutMs());
      closeWith(POLICY_VIOLATION, "Message not completed within " + options.getMessageTimeoutMs() + " ms");
    } else if (messageStartedAt < 0 && inFlight.idle() && now - lastActivity > options.getIdleTimeoutMs()) {
      LOG.debug("websocket connection from {} idle for {} ms; closing", clientKey, options.getIdleTimeoutMs());
      closeWith(NORMAL, "Idle for " + options.getIdleTimeoutMs() + " ms");
    }
  }

  /** Data frames go to the assembler (control frames are Vert.x's). */
  private void onFrame(WebSocketFrame frame) {
    lastActivity = System.currentTimeMillis();
    if (closed || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return;
    }
    assembler.onFrame(frame, lastActivity);
  }

  /** @param text a whole, valid text message from the assembler */
  void onText(String text) {
    calls.onText(text);
  }

  void closeWith(short status, String reason) {
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

  /**
   * The dispatch pipeline already completes a call on the caller's event loop, this one; other Futures
   * (a token check, a listing) may complete elsewhere.
   *
   * @param future a Future completed on any thread
   * @return the same outcome, delivered on this connection's context
   */
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

  /** @param frame an encoded message, written unless the connection is closed */
  void send(String frame) {
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
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
    }
    assembler.drop();
    shared.connections().release(clientKey);
    inFlight.cancelAll("connection closed");
    subscriptions.close();
  }
}
