package dev.dhii.runtime.tcp.impl;

import io.vertx.core.buffer.Buffer;
import dev.dhii.runtime.json.StrictJson;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Stands between one client connection and the bridge library (vertx-tcp-eventbus-bridge 5.0.7): it
 * checks each frame's syntax, passes good frames on unchanged, and answers a bad one with an error frame
 * instead. The library itself only logs a frame that is not JSON, loses its place in the stream on an
 * unknown {@code type} or a non-string address, and buffers a frame of any declared length. A bad frame
 * is answered and the connection goes on; a length that cannot be honoured ends the connection (the
 * stream cannot be resynchronised). Closing either side closes the other, so the library removes the
 * client's registrations.
 */
public final class FrameGuard {

  private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);
  private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");

  private final NetSocket client;
  private final NetSocket library;
  private final int maxFrameBytes;
  private final RecordParser parser = RecordParser.newFixed(4);
  private boolean readingLength = true;
  private boolean refused;

  private FrameGuard(NetSocket client, NetSocket library, int maxFrameBytes) {
    this.client = client;
    this.library = library;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Joins a client connection to a connection of the library; both must be paused.
   *
   * @param client the client's socket
   * @param library a socket connected to the library's bridge
   * @param maxFrameBytes the largest frame accepted
   */
  public static void join(NetSocket client, NetSocket library, int maxFrameBytes) {
    new FrameGuard(client, library, maxFrameBytes).start();
  }

  private void start() {
    parser.handler(this::record);
    client.handler(parser);
    library.handler(data -> forward(data, library, client));
    client.closeHandler(v -> library.close());
    library.closeHandler(v -> client.close());
    client.exceptionHandler(e -> close("client", e));
    library.exceptionHandler(e -> close("bridge", e));
    client.resume();
    library.resume();
  }

  private void record(Buffer record) {
    if (refused) {
      return;
    }
    if (readingLength) {
      int length = record.getInt(0);
      if (length <= 0 || length > maxFrameBytes) {
        refuse(length);
        return;
      }
      readingLength = false;
      parser.fixedSizeMode(length);
    } else {
      readingLength = true;
      parser.fixedSizeMode(4);
      frame(record);
    }
  }

  private void frame(Buffer payload) {
    String problem = problemOf(payload);
    if (problem == null) {
      forward(Buffer.buffer(4 + payload.length()).appendInt(payload.length()).appendBuffer(payload), client, library);
    } else if (problem.equals("unknown_type") || problem.equals("missing_address")) {
      error(new JsonObject().put("type", "err").put("message", problem)); // the library's own codes
    } else {
      error(new JsonObject().put("type", "err").put("message", "malformed_frame").put("reason", problem));
    }
  }

  /** @return null for a frame the library handles, else what is wrong with it (or the library's error code) */
  static String problemOf(Buffer payload) {
    Object decoded;
    try {
      // strict: what passes here, the library's lenient decoder reads the same way (no duplicate keys, no comments)
      decoded = StrictJson.parse(payload);
    } catch (StrictJson.InvalidJsonException e) {
      return "the frame is not JSON: " + e.getMessage();
    }
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

  private void refuse(int length) {
    refused = true;
    LOG.info("TCP bridge client {} sent a frame of {} bytes (at most {}): closing", client.remoteAddress(), length, maxFrameBytes);
    error(new JsonObject().put("type", "err").put("message", "malformed_frame")
      .put("reason", "frame length " + length + " is not within 1.." + maxFrameBytes));
    client.pause();
    client.end();
  }

  private void error(JsonObject frame) {
    Buffer encoded = frame.toBuffer();
    client.write(Buffer.buffer(4 + encoded.length()).appendInt(encoded.length()).appendBuffer(encoded));
  }

  /** Writes with back-pressure: the source waits while the destination's queue is full. */
  private static void forward(Buffer data, NetSocket from, NetSocket to) {
    to.write(data);
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }

  private void close(String side, Throwable failure) {
    LOG.debug("TCP bridge connection of {} failed on the {} side: {}", client.remoteAddress(), side, failure.toString());
    client.close();
    library.close();
  }
}
