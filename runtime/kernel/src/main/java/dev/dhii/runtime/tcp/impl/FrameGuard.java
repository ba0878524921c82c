package dev.dhii.runtime.tcp.impl;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.limits.ByteBudget;
import dev.dhii.runtime.tcp.BridgeAccess;
import dev.dhii.runtime.config.TcpBridgeOptions;
import io.vertx.core.buffer.Buffer;
import dev.dhii.runtime.json.StrictJson;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Stands between one client connection and the bridge library (vertx-tcp-eventbus-bridge 5.0.7): it checks each
 * frame before the library sees it and answers what the library would mishandle with an error frame of its own.
 * The library itself only logs a frame that is not JSON, loses its place in the stream on an unknown {@code type}
 * or a non-string address, buffers a frame of any declared length, and answers a denial with a bare string. Here:
 * <ul>
 *   <li>a frame's declared length is checked against {@code maxFrameBytes} and reserved from the bridge's
 *     {@link ByteBudget} before any of it is buffered (else a typed PAYLOAD_TOO_LARGE or OVERLOADED frame,
 *     and the connection ends: the stream cannot be resynchronised);</li>
 *   <li>a frame that is not valid is answered {@code malformed_frame} (or the library's own codes) and the
 *     connection goes on;</li>
 *   <li>what {@link BridgeAccess} does not permit, and every publish, is answered FORBIDDEN; a request to a
 *     capability no node serves NOT_FOUND; all in the frame shape of a failed request
 *     ({@link BridgeFrames#typedError});</li>
 *   <li>a request to a capability carries the client's address ({@link BridgePolicy#HEADER_CLIENT}), by
 *     which anonymous callers are rate-limited;</li>
 *   <li>{@link #check} ends a connection that stays silent, takes too long over a frame, or over its
 *     first one.</li>
 * </ul>
 * Closing either side closes the other, so the library removes the client's registrations. Used on the bridge
 * verticle's context only. The frames it reads are {@link LengthPrefixedFrames}, judged by {@link BridgeFrames}
 * (shape) and {@link BridgeRules} (access), with the connection's {@link ReplyAddresses}.
 */
public final class FrameGuard {

  private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);

  /** What every connection of one bridge shares: the limits and timeouts ({@code options}), the permitted addresses
   *  ({@code access}) and the bytes of frames in progress over every connection ({@code budget}). */
  public record Shared(TcpBridgeOptions options, BridgeAccess access, ByteBudget budget) {
  }

  private final NetSocket client;
  private final NetSocket library;
  private final Shared shared;
  private final TcpBridgeOptions options;
  private final String clientHost;
  private final Runnable onClose;
  private final LengthPrefixedFrames clientFrames = new LengthPrefixedFrames(this::clientLength, this::clientFrame);
  private final LengthPrefixedFrames libraryFrames = new LengthPrefixedFrames(this::libraryLength, this::libraryFrame);
  private final ReplyAddresses replies = new ReplyAddresses();
  private final BridgeRules rules;
  private final long connectedAt;
  private boolean sawFrame;
  private long frameStartedAt = -1;
  private long reserved;
  private long lastActivity;
  private boolean closed;
  private boolean finished;

  private FrameGuard(NetSocket client, NetSocket library, Shared shared, Runnable onClose) {
    this.client = client;
    this.library = library;
    this.shared = shared;
    this.options = shared.options();
    this.rules = new BridgeRules(shared.access(), options, replies);
    this.onClose = onClose;
    this.clientHost = client.remoteAddress() == null ? null : client.remoteAddress().host();
    this.connectedAt = System.currentTimeMillis();
    this.lastActivity = connectedAt;
  }

  /**
   * Joins a client connection to a connection of the library; both must be paused.
   *
   * @param client the client's socket
   * @param library a socket connected to the library's bridge
   * @param shared the bridge's limits, access and budget
   * @param onClose run once when the connection ends
   * @return the guard, for {@link #check}
   */
  public static FrameGuard join(NetSocket client, NetSocket library, Shared shared, Runnable onClose) {
    FrameGuard guard = new FrameGuard(client, library, shared, onClose);
    guard.start();
    return guard;
  }

  private void start() {
    client.handler(clientFrames.parser());
    library.handler(libraryFrames.parser());
    client.closeHandler(v -> closed());
    library.closeHandler(v -> closed());
    client.exceptionHandler(e -> close("client", e));
    library.exceptionHandler(e -> close("bridge", e));
    client.resume();
    library.resume();
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
      error(new JsonObject().put("type", "err").put("message", "malformed_frame")
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
      // strict: what passes here, the library's lenient decoder reads the same way (no duplicate keys, no comments)
      decoded = StrictJson.parse(payload);
    } catch (StrictJson.InvalidJsonException e) {
      malformed("the frame is not JSON: " + e.getMessage());
      return;
    }
    String problem = BridgeFrames.problemOf(decoded);
    if (problem == null) {
      route((JsonObject) decoded, payload);
    } else if (problem.equals("unknown_type") || problem.equals("missing_address")) {
      error(new JsonObject().put("type", "err").put("message", problem)); // the library's own codes
    } else {
      malformed(problem);
    }
  }

  private void malformed(String reason) {
    error(new JsonObject().put("type", "err").put("message", "malformed_frame").put("reason", reason));
  }

  /** Applies the access rules ({@link BridgeRules}) to a well-formed frame; what passes goes to the library. */
  private void route(JsonObject frame, Buffer payload) {
    BridgeRules.Verdict verdict = rules.judge(frame);
    if (verdict.code() != null) {
      denied(frame, verdict.code(), verdict.message());
    } else {
      toLibrary(verdict.withClient() ? BridgeFrames.withClient(frame, clientHost) : payload);
    }
  }

  private boolean libraryLength(int length) {
    if (length <= 0) {
      closed();
      return false;
    }
    return true;
  }

  /** Frames from the library: remembers what the client may answer, and types the library's NO_HANDLERS. */
  private void libraryFrame(Buffer record) {
    lastActivity = System.currentTimeMillis();
    Buffer out = record;
    if (record.length() > 9 && record.getByte(0) == '{') {
      JsonObject frame;
      try {
        frame = record.toJsonObject();
      } catch (RuntimeException e) {
        frame = null;
      }
      if (frame != null) {
        out = fromLibrary(frame, record);
      }
    }
    toClient(out);
  }

  private Buffer fromLibrary(JsonObject frame, Buffer record) {
    replies.fromLibrary(frame);
    Object address = frame.getValue("address");
    if ("err".equals(frame.getString("type")) && "NO_HANDLERS".equals(frame.getValue("failureType"))
      && frame.getValue("sourceAddress") instanceof String source && source.startsWith(Addresses.CAPABILITY_PREFIX)) {
      String capabilityId = source.substring(Addresses.CAPABILITY_PREFIX.length());
      return BridgeFrames.typedError(ErrorCode.NOT_FOUND, "Unknown capability: " + capabilityId,
        address instanceof String a ? a : null, source, null, capabilityId).toBuffer();
    }
    return record;
  }

  private void denied(JsonObject frame, ErrorCode code, String message) {
    LOG.info("TCP bridge client {} refused: {} {}: {}", clientHost, frame.getString("type"), frame.getString("address"),
      message);
    error(BridgeFrames.refusal(frame, code, message));
  }

  /** Ends the connection, first answering why with a typed frame (a null code: the frame written already). */
  private void end(ErrorCode code, String message) {
    LOG.info("TCP bridge client {}: {}; closing", clientHost, message);
    if (code != null) {
      error(BridgeFrames.typedError(code, message, null, null, null, null));
    }
    closed = true;
    client.pause();
    client.end();
    library.close();
    finish();
  }

  private void error(JsonObject frame) {
    toClient(frame.toBuffer());
  }

  private void toClient(Buffer payload) {
    forward(Buffer.buffer(4 + payload.length()).appendInt(payload.length()).appendBuffer(payload), library, client);
  }

  private void toLibrary(Buffer payload) {
    forward(Buffer.buffer(4 + payload.length()).appendInt(payload.length()).appendBuffer(payload), client, library);
  }

  /** Writes with back-pressure: the source waits while the destination's queue is full. */
  private static void forward(Buffer data, NetSocket from, NetSocket to) {
    to.write(data);
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }

  private void closed() {
    closed = true;
    client.close();
    library.close();
    finish();
  }

  /** Once, whichever side closes first (both sides' close handlers end here). */
  private void finish() {
    release();
    if (!finished) {
      finished = true;
      onClose.run();
    }
  }

  private void close(String side, Throwable failure) {
    LOG.debug("TCP bridge connection of {} failed on the {} side: {}", clientHost, side, failure.toString());
    closed();
  }
}
