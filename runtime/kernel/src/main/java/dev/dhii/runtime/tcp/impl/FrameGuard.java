package dev.dhii.runtime.tcp.impl;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.config.TcpBridgeOptions;
import dev.dhii.runtime.json.StrictJson;
import dev.dhii.runtime.limits.ByteBudget;
import dev.dhii.runtime.tcp.BridgeAccess;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * One client connection of the TCP bridge: it reads the client's frames, checks each one, carries what passes
 * onto the event bus itself, and writes what the event bus delivers to the client as frames. The protocol is
 * that of vertx-tcp-eventbus-bridge ({@code send}, {@code register}, {@code unregister}, {@code ping}; the
 * answer to a message delivered to the client is a send to its reply address), served here without that
 * library, so a frame is parsed once and crosses no second socket. Here:
 * <ul>
 *   <li>a frame's declared length is checked against {@code maxFrameBytes} and reserved from the bridge's
 *     {@link ByteBudget} before any of it is buffered (else a typed PAYLOAD_TOO_LARGE or OVERLOADED frame,
 *     and the connection ends: the stream cannot be resynchronised);</li>
 *   <li>a frame that is not valid is answered {@code malformed_frame} (or the protocol's own codes) and the
 *     connection goes on;</li>
 *   <li>what {@link BridgeAccess} does not permit, and every publish, is answered FORBIDDEN; a request to a
 *     capability no node serves NOT_FOUND; all in the frame shape of a failed request
 *     ({@link BridgeFrames#typedError});</li>
 *   <li>a send carries only the trusted headers and the bridge's own timeout ({@link BridgePolicy}); a request
 *     to a capability carries the client's address ({@link BridgePolicy#HEADER_CLIENT}), by which anonymous
 *     callers are rate-limited;</li>
 *   <li>while the client does not read what is written to it, its own frames are not read either;</li>
 *   <li>{@link #check} ends a connection that stays silent, takes too long over a frame, or over its
 *     first one.</li>
 * </ul>
 * When the connection ends, the consumers of its registrations are removed. Used on the bridge verticle's
 * context only (the consumers it registers deliver there too). The frames it reads are
 * {@link LengthPrefixedFrames}, judged by {@link BridgeFrames} (shape) and {@link BridgeRules} (access), with
 * the connection's {@link ReplyAddresses}.
 */
public final class FrameGuard {

  private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);
  private static final JsonObject PONG = new JsonObject().put("type", "pong");

  /**
   * What every connection of one bridge shares.
   *
   * @param bus the event bus
   * @param options the limits and timeouts
   * @param access the permitted addresses
   * @param budget the bytes of frames in progress over every connection
   * @param policy the headers and timeout of a send
   */
  public record Shared(EventBus bus, TcpBridgeOptions options, BridgeAccess access, ByteBudget budget,
                       BridgePolicy policy) {
  }

  private final NetSocket client;
  private final Shared shared;
  private final TcpBridgeOptions options;
  private final String clientHost;
  private final Runnable onClose;
  private final LengthPrefixedFrames clientFrames = new LengthPrefixedFrames(this::clientLength, this::clientFrame);
  private final ReplyAddresses replies = new ReplyAddresses();
  private final BridgeRules rules;
  /** The consumers of the addresses the client registered. */
  private final Map<String, MessageConsumer<Object>> consumers = new HashMap<>();
  /** The context of the connection, where the frames queued for the client are written. */
  private final Context context = Vertx.currentContext();
  /** Frames queued for the client and not yet written, or null. */
  private Buffer pending;
  private final long connectedAt;
  private boolean sawFrame;
  private long frameStartedAt = -1;
  private long reserved;
  private long lastActivity;
  private boolean closed;
  private boolean finished;

  private FrameGuard(NetSocket client, Shared shared, Runnable onClose) {
    this.client = client;
    this.shared = shared;
    this.options = shared.options();
    this.rules = new BridgeRules(shared.access(), options, replies);
    this.onClose = onClose;
    this.clientHost = client.remoteAddress() == null ? null : client.remoteAddress().host();
    this.connectedAt = System.currentTimeMillis();
    this.lastActivity = connectedAt;
  }

  /**
   * Serves a client connection, which must be paused.
   *
   * @param client the client's socket
   * @param shared the bridge's event bus, limits, access, budget and policy
   * @param onClose run once when the connection ends
   * @return the guard, for {@link #check}
   */
  public static FrameGuard join(NetSocket client, Shared shared, Runnable onClose) {
    FrameGuard guard = new FrameGuard(client, shared, onClose);
    guard.start();
    return guard;
  }

  private void start() {
    client.handler(clientFrames.parser());
    client.closeHandler(v -> closed());
    client.exceptionHandler(this::failed);
    client.resume();
  }

  /**
   * Ends the connection if it overran a deadline: no whole frame since {@code firstFrameTimeoutMs} after
   * connecting, a frame begun more than {@code frameTimeoutMs} ago, or nothing in either direction for
   * {@code idleTimeoutMs} while no request of the client waits for its answer.
   *
   * @param now the current time in milliseconds
   */
  public void check(long now) {
    if (closed) {
      return;
    }
    if (frameStartedAt >= 0 && now - frameStartedAt > options.getFrameTimeoutMs()) {
      end(ErrorCode.TIMEOUT, "A frame did not arrive whole within " + options.getFrameTimeoutMs() + " ms");
    } else if (!sawFrame && now - connectedAt > options.getFirstFrameTimeoutMs()) {
      end(ErrorCode.TIMEOUT, "No frame arrived within " + options.getFirstFrameTimeoutMs() + " ms of connecting");
    } else if (replies.noneAwaiting() && now - lastActivity > options.getIdleTimeoutMs()) {
      end(ErrorCode.TIMEOUT, "The connection was idle for " + options.getIdleTimeoutMs() + " ms");
    }
  }

  /** @return whether a frame of this declared length may be read (else the connection ends, answered why) */
  private boolean clientLength(int length) {
    if (closed) {
      return false;
    }
    if (length <= 0) {
      toClient(new JsonObject().put("type", "err").put("message", "malformed_frame")
        .put("reason", "frame length " + length + " is not within 1.." + options.getMaxFrameBytes()));
      end(null, "frame length " + length);
      return false;
    }
    if (length > options.getMaxFrameBytes()) {
      end(ErrorCode.PAYLOAD_TOO_LARGE, "A frame of " + length + " bytes is larger than the "
        + options.getMaxFrameBytes() + " bytes this bridge accepts");
      return false;
    }
    if (!shared.budget().tryReserve(length)) {
      end(ErrorCode.OVERLOADED, "The bridge holds as many frames in progress as it can (" + shared.budget().capacity()
        + " bytes); try again later");
      return false;
    }
    reserved = length;
    frameStartedAt = System.currentTimeMillis();
    return true;
  }

  private void clientFrame(Buffer record) {
    if (closed) {
      return;
    }
    release();
    frameStartedAt = -1;
    sawFrame = true;
    lastActivity = System.currentTimeMillis();
    frame(record);
  }

  private void release() {
    if (reserved > 0) {
      shared.budget().release(reserved);
      reserved = 0;
    }
  }

  private void frame(Buffer payload) {
    Object decoded;
    try {
      // strict: no duplicate keys, no comments, no numbers out of range
      decoded = StrictJson.parse(payload);
    } catch (StrictJson.InvalidJsonException e) {
      malformed("the frame is not JSON: " + e.getMessage());
      return;
    }
    String problem = BridgeFrames.problemOf(decoded);
    if (problem == null) {
      route((JsonObject) decoded);
    } else if (problem.equals("unknown_type") || problem.equals("missing_address")) {
      toClient(new JsonObject().put("type", "err").put("message", problem)); // the protocol's own codes
    } else {
      malformed(problem);
    }
  }

  private void malformed(String reason) {
    toClient(new JsonObject().put("type", "err").put("message", "malformed_frame").put("reason", reason));
  }

  /** Applies the access rules ({@link BridgeRules}) to a well-formed frame; what passes goes onto the event bus. */
  private void route(JsonObject frame) {
    BridgeRules.Verdict verdict = rules.judge(frame);
    if (verdict.code() != null) {
      denied(frame, verdict.code(), verdict.message());
      return;
    }
    String address = frame.getString("address");
    switch (frame.getString("type")) {
      case "send" -> send(frame, address, verdict);
      case "register" -> consumers.computeIfAbsent(address, a -> shared.bus().consumer(a, this::delivered));
      case "unregister" -> {
        MessageConsumer<Object> consumer = consumers.remove(address);
        if (consumer != null) {
          consumer.unregister();
        }
      }
      default -> toClient(PONG); // ping
    }
  }

  private void send(JsonObject frame, String address, BridgeRules.Verdict verdict) {
    Object body = frame.getValue("body");
    DeliveryOptions delivery = shared.policy().deliveryOptions(
      frame.getValue("headers") instanceof JsonObject headers ? headers : null, verdict.withClient() ? clientHost : null);
    if (verdict.answering() != null) {
      // the client answers a message delivered to it: its reply, or a failure with a code
      if (frame.getValue("failureCode") instanceof Integer failureCode) {
        verdict.answering().fail(failureCode, frame.getString("message"));
      } else {
        verdict.answering().reply(body, delivery);
      }
      return;
    }
    String replyAddress = frame.getString("replyAddress");
    if (replyAddress == null) {
      shared.bus().send(address, body, delivery);
      return;
    }
    shared.bus().<Object>request(address, body, delivery).onComplete(ar -> {
      replies.answered(replyAddress);
      if (closed) {
        return;
      }
      if (ar.succeeded()) {
        Message<Object> response = ar.result();
        if (response.replyAddress() != null) {
          replies.owed(response);
        }
        toClient(messageFrame(replyAddress, response, true));
      } else {
        toClient(failureFrame(address, replyAddress, ar.cause()));
      }
    });
  }

  /** A message to an address the client registered: written to it, and remembered when it wants an answer. */
  private void delivered(Message<Object> message) {
    if (closed) {
      return;
    }
    if (message.replyAddress() != null) {
      replies.owed(message);
    }
    toClient(messageFrame(message.address(), message, message.isSend()));
  }

  private static JsonObject messageFrame(String address, Message<Object> message, boolean send) {
    JsonObject headers = new JsonObject();
    for (Map.Entry<String, String> header : message.headers()) {
      headers.put(header.getKey(), header.getValue());
    }
    JsonObject frame = new JsonObject().put("type", "message").put("address", address);
    if (message.replyAddress() != null) {
      frame.put("replyAddress", message.replyAddress());
    }
    frame.put("headers", headers);
    if (message.body() != null) {
      frame.put("body", message.body());
    }
    return frame.put("send", send);
  }

  /** A request of the client that failed: NO_HANDLERS at a capability is a typed NOT_FOUND, else the protocol's err frame. */
  private static JsonObject failureFrame(String address, String replyAddress, Throwable failure) {
    ReplyException re = failure instanceof ReplyException r ? r
      : new ReplyException(ReplyFailure.RECIPIENT_FAILURE, String.valueOf(failure.getMessage()));
    if (re.failureType() == ReplyFailure.NO_HANDLERS && address.startsWith(Addresses.CAPABILITY_PREFIX)) {
      String capabilityId = address.substring(Addresses.CAPABILITY_PREFIX.length());
      return BridgeFrames.typedError(ErrorCode.NOT_FOUND, "Unknown capability: " + capabilityId, replyAddress, address,
        null, capabilityId);
    }
    return new JsonObject().put("type", "err").put("address", replyAddress).put("sourceAddress", address)
      .put("failureCode", re.failureCode()).put("failureType", re.failureType().name()).put("message", re.getMessage());
  }

  private void denied(JsonObject frame, ErrorCode code, String message) {
    LOG.info("TCP bridge client {} refused: {} {}: {}", clientHost, frame.getString("type"), frame.getString("address"),
      message);
    toClient(BridgeFrames.refusal(frame, code, message));
  }

  /** Ends the connection, first answering why with a typed frame (a null code: the frame written already). */
  private void end(ErrorCode code, String message) {
    LOG.info("TCP bridge client {}: {}; closing", clientHost, message);
    if (code != null) {
      toClient(BridgeFrames.typedError(code, message, null, null, null, null));
    }
    flush(); // the frames queued, this one last, before the end
    closed = true;
    client.pause();
    client.end();
    finish();
  }

  /**
   * Queues a frame, to be written with the others queued before this context's next task: frames that arrive together
   * (answers and messages delivered in one turn of the event loop) take one write and one system call.
   */
  private void toClient(JsonObject frame) {
    lastActivity = System.currentTimeMillis();
    Buffer payload = frame.toBuffer();
    if (pending == null) {
      pending = Buffer.buffer(4 + payload.length());
      context.runOnContext(v -> flush());
    }
    pending.appendInt(payload.length()).appendBuffer(payload);
  }

  /** Writes the frames queued; while the client's write queue is full, its own frames wait (it is not read). */
  private void flush() {
    Buffer out = pending;
    pending = null;
    if (out == null) {
      return;
    }
    client.write(out);
    if (!closed && client.writeQueueFull()) {
      client.pause();
      client.drainHandler(v -> {
        if (!closed) {
          client.resume();
        }
      });
    }
  }

  private void closed() {
    closed = true;
    client.close();
    finish();
  }

  /** Once, however the connection ends: the budget released, the registrations removed. */
  private void finish() {
    release();
    if (!finished) {
      finished = true;
      consumers.values().forEach(MessageConsumer::unregister);
      consumers.clear();
      onClose.run();
    }
  }

  private void failed(Throwable failure) {
    LOG.debug("TCP bridge connection of {} failed: {}", clientHost, failure.toString());
    closed();
  }
}
