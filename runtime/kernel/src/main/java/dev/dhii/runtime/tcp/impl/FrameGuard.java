package dev.dhii.runtime.tcp.impl;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.limits.ByteBudget;
import dev.dhii.runtime.tcp.BridgeAccess;
import dev.dhii.runtime.config.TcpBridgeOptions;
import io.vertx.core.buffer.Buffer;
import dev.dhii.runtime.json.StrictJson;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Stands between one client connection and the bridge library (vertx-tcp-eventbus-bridge 5.0.7): it
 * checks each frame before the library sees it and answers what the library would mishandle with an error
 * frame of its own. The library itself only logs a frame that is not JSON, loses its place in the stream on
 * an unknown {@code type} or a non-string address, buffers a frame of any declared length, and answers a
 * denial with a bare string. Here:
 * <ul>
 *   <li>a frame's declared length is checked against {@code maxFrameBytes} and reserved from the bridge's
 *     {@link ByteBudget} before any of it is buffered (else a typed PAYLOAD_TOO_LARGE or OVERLOADED frame,
 *     and the connection ends: the stream cannot be resynchronised);</li>
 *   <li>a frame that is not valid is answered {@code malformed_frame} (or the library's own codes) and the
 *     connection goes on;</li>
 *   <li>what {@link BridgeAccess} does not permit, and every publish, is answered FORBIDDEN; a request to a
 *     capability no node serves NOT_FOUND; all in the frame shape of a failed request
 *     ({@link #typedError});</li>
 *   <li>a request to a capability carries the client's address ({@link BridgePolicy#HEADER_CLIENT}), by
 *     which anonymous callers are rate-limited;</li>
 *   <li>{@link #check} ends a connection that stays silent, takes too long over a frame, or over its
 *     first one.</li>
 * </ul>
 * Closing either side closes the other, so the library removes the client's registrations. Used on the
 * bridge verticle's context only.
 */
public final class FrameGuard {

  private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);
  private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");
  /** Reply addresses remembered per connection (a client that never answers loses the oldest). */
  private static final int MAX_REMEMBERED = 4096;

  /**
   * What every connection of one bridge shares.
   *
   * @param options the limits and timeouts
   * @param access the permitted addresses
   * @param budget the bytes of frames in progress, over every connection
   */
  public record Shared(TcpBridgeOptions options, BridgeAccess access, ByteBudget budget) {
  }

  private final NetSocket client;
  private final NetSocket library;
  private final Shared shared;
  private final TcpBridgeOptions options;
  private final String clientHost;
  private final Runnable onClose;
  private final RecordParser parser = RecordParser.newFixed(4);
  private final RecordParser libraryParser = RecordParser.newFixed(4);
  /** Reply addresses of messages the library delivered to the client: the client may send to them. */
  private final Set<String> repliesOwed = new LinkedHashSet<>();
  /** Reply addresses of the client's own requests still waiting for their answer. */
  private final Set<String> awaiting = new LinkedHashSet<>();
  private final Set<String> registrations = new HashSet<>();
  private final long connectedAt;
  private boolean readingLength = true;
  private boolean libraryReadingLength = true;
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
    parser.handler(this::record);
    libraryParser.handler(this::libraryRecord);
    client.handler(parser);
    library.handler(libraryParser);
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
    } else if (awaiting.isEmpty() && now - lastActivity > options.getIdleTimeoutMs()) {
      end(ErrorCode.TIMEOUT, "The connection was idle for " + options.getIdleTimeoutMs() + " ms");
    }
  }

  private void record(Buffer record) {
    if (closed) {
      return;
    }
    if (readingLength) {
      int length = record.getInt(0);
      if (length <= 0) {
        error(new JsonObject().put("type", "err").put("message", "malformed_frame")
          .put("reason", "frame length " + length + " is not within 1.." + options.getMaxFrameBytes()));
        end(null, "frame length " + length);
        return;
      }
      if (length > options.getMaxFrameBytes()) {
        end(ErrorCode.PAYLOAD_TOO_LARGE, "A frame of " + length + " bytes is larger than the "
          + options.getMaxFrameBytes() + " bytes this bridge accepts");
        return;
      }
      if (!shared.budget().tryReserve(length)) {
        end(ErrorCode.OVERLOADED, "The bridge holds as many frames in progress as it can (" + shared.budget().capacity()
          + " bytes); try again later");
        return;
      }
      reserved = length;
      frameStartedAt = System.currentTimeMillis();
      readingLength = false;
      parser.fixedSizeMode(length);
    } else {
      readingLength = true;
      parser.fixedSizeMode(4);
      release();
      frameStartedAt = -1;
      sawFrame = true;
      lastActivity = System.currentTimeMillis();
      frame(record);
    }
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
    String problem = problemOf(decoded);
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

  /** Applies the access rules to a well-formed frame; what passes goes to the library. */
  private void route(JsonObject frame, Buffer payload) {
    String type = frame.getString("type");
    String address = frame.getString("address");
    String replyAddress = frame.getString("replyAddress");
    switch (type) {
      case "ping" -> toLibrary(payload);
      case "publish" -> denied(frame, ErrorCode.FORBIDDEN, "The TCP bridge does not publish: send a request to a"
        + " capability (dhii.cap.<capabilityId>) instead");
      case "send" -> {
        if (repliesOwed.remove(address)) {
          toLibrary(payload); // the answer to a message the library delivered to this client
        } else if (!shared.access().inbound(address)) {
          denied(frame, ErrorCode.FORBIDDEN, "The TCP bridge does not let clients send to " + address
            + "; capabilities are at dhii.cap.<capabilityId>");
        } else if (replyAddress != null && !awaiting.contains(replyAddress) && awaiting.size() >= MAX_REMEMBERED) {
          denied(frame, ErrorCode.OVERLOADED, MAX_REMEMBERED + " requests of this connection wait for their answers;"
            + " wait for one");
        } else {
          if (replyAddress != null) {
            awaiting.add(replyAddress);
          }
          if (address.startsWith(Addresses.CAPABILITY_PREFIX)) {
            toLibrary(withClient(frame));
          } else {
            toLibrary(payload);
          }
        }
      }
      case "register" -> {
        if (!shared.access().outbound(address)) {
          denied(frame, ErrorCode.FORBIDDEN, "The TCP bridge does not let clients receive messages sent to " + address);
        } else if (!registrations.contains(address) && registrations.size() >= options.getMaxRegistrations()) {
          denied(frame, ErrorCode.OVERLOADED, "This connection has registered " + options.getMaxRegistrations()
            + " addresses, the most one connection may");
        } else {
          registrations.add(address);
          toLibrary(payload);
        }
      }
      case "unregister" -> {
        if (registrations.remove(address)) {
          toLibrary(payload);
        } else {
          denied(frame, ErrorCode.NOT_FOUND, "This connection has not registered " + address);
        }
      }
      default -> error(new JsonObject().put("type", "err").put("message", "unknown_type"));
    }
  }

  /** @return the frame with the client's address as {@link BridgePolicy#HEADER_CLIENT}, whatever it said there */
  private Buffer withClient(JsonObject frame) {
    JsonObject headers = frame.getValue("headers") instanceof JsonObject h ? h : new JsonObject();
    headers.remove(BridgePolicy.HEADER_CLIENT);
    if (clientHost != null) {
      headers.put(BridgePolicy.HEADER_CLIENT, clientHost);
    }
    frame.put("headers", headers);
    return frame.toBuffer();
  }

  /** @return null for a frame the library handles, else what is wrong with it (or the library's error code) */
  static String problemOf(Object decoded) {
    if (!(decoded instanceof JsonObject frame)) {
      return "the frame is not a JSON object";
    }
    if (!(frame.getValue("type") instanceof String type) || !TYPES.contains(type)) {
      return "unknown_type";
    }
    if (!type.equals("ping") && frame.getValue("address") == null) {
      return "missing_address";
    }
    for (String key : new String[] {"address", "replyAddress", "message"}) {
      if (frame.getValue(key) != null && !(frame.getValue(key) instanceof String)) {
        return key + " must be a string";
      }
    }
    if (frame.getValue("failureCode") != null && !(frame.getValue("failureCode") instanceof Integer)) {
      return "failureCode must be an integer";
    }
    Object headers = frame.getValue("headers");
    if (headers != null && !(headers instanceof JsonObject)) {
      return "headers must be an object";
    }
    if (headers != null) {
      for (var header : (JsonObject) headers) {
        Object value = header.getValue();
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
          return "header " + header.getKey() + " must be a string, a number or a boolean";
        }
      }
    }
    return null;
  }

  /** Frames from the library: remembers what the client may answer, and types the library's NO_HANDLERS. */
  private void libraryRecord(Buffer record) {
    if (libraryReadingLength) {
      int length = record.getInt(0);
      if (length <= 0) {
        closed();
        return;
      }
      libraryReadingLength = false;
      libraryParser.fixedSizeMode(length);
      return;
    }
    libraryReadingLength = true;
    libraryParser.fixedSizeMode(4);
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
    String type = frame.getString("type");
    Object address = frame.getValue("address");
    if (address instanceof String a && ("message".equals(type) || "err".equals(type))) {
      awaiting.remove(a);
    }
    if ("message".equals(type) && frame.getValue("replyAddress") instanceof String replyAddress) {
      remember(repliesOwed, replyAddress);
    }
    if ("err".equals(type) && "NO_HANDLERS".equals(frame.getValue("failureType"))
      && frame.getValue("sourceAddress") instanceof String source && source.startsWith(Addresses.CAPABILITY_PREFIX)) {
      String capabilityId = source.substring(Addresses.CAPABILITY_PREFIX.length());
      return typedError(ErrorCode.NOT_FOUND, "Unknown capability: " + capabilityId, address instanceof String a ? a : null,
        source, null, capabilityId).toBuffer();
    }
    return record;
  }

  private static void remember(Set<String> set, String value) {
    set.add(value);
    if (set.size() > MAX_REMEMBERED) {
      Iterator<String> oldest = set.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * The frame of a refused request, in the shape of a failed one: {@code {"type": "err", "address": replyAddress,
   * "sourceAddress": address, "failureCode": <HTTP status>, "failureType": "RECIPIENT_FAILURE", "message":
   * <the error body of DESIGN §7, encoded>}}.
   *
   * @param code the error
   * @param message what to tell the caller
   * @param replyAddress the request's reply address, or null
   * @param sourceAddress the address the request was for, or null
   * @param requestId the request's id, or null for a new one
   * @param capabilityId the capability concerned, or null
   * @return the frame
   */
  public static JsonObject typedError(ErrorCode code, String message, String replyAddress, String sourceAddress,
                                      String requestId, String capabilityId) {
    CallFailure failure = new CallFailure(CallError.of(code, message),
      CallRequest.requestIdOf(requestId), null, capabilityId);
    JsonObject frame = new JsonObject().put("type", "err");
    if (replyAddress != null) {
      frame.put("address", replyAddress);
    }
    if (sourceAddress != null) {
      frame.put("sourceAddress", sourceAddress);
    }
    return frame.put("failureCode", failure.status()).put("failureType", "RECIPIENT_FAILURE")
      .put("message", failure.toBody().encode());
  }

  private void denied(JsonObject frame, ErrorCode code, String message) {
    Object requestId = frame.getValue("headers") instanceof JsonObject h ? h.getValue(Addresses.HEADER_REQUEST_ID) : null;
    String address = frame.getString("address");
    LOG.info("TCP bridge client {} refused: {} {}: {}", clientHost, frame.getString("type"), address, message);
    error(typedError(code, message, frame.getString("replyAddress"), address,
      requestId instanceof String id && !id.isBlank() && id.length() <= 200 ? id : null,
      address != null && address.startsWith(Addresses.CAPABILITY_PREFIX)
        ? address.substring(Addresses.CAPABILITY_PREFIX.length()) : null));
  }

  /** Ends the connection, first answering why with a typed frame (a null code: the frame written already). */
  private void end(ErrorCode code, String message) {
    LOG.info("TCP bridge client {}: {}; closing", clientHost, message);
    if (code != null) {
      error(typedError(code, message, null, null, null, null));
    }
    closed = true;
    client.pause();
    client.end();
    library.close();
    finish();
  }

  private void error(JsonObject frame) {
    Buffer encoded = frame.toBuffer();
    toClient(encoded);
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
