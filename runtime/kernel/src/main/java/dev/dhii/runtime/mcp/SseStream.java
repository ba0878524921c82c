package dev.dhii.runtime.mcp;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A {@code text/event-stream} response: JSON-RPC messages as {@code message} events. Writes may come from
 * any thread; each runs on the context that owns the response. A stream whose client stops reading is
 * closed rather than buffered without bound.
 */
final class SseStream {

  private final HttpServerResponse response;
  private final Context context;
  private final Object owner;
  private volatile boolean closed;

  /**
   * @param response the response, not yet written
   * @param context the context it belongs to
   * @param owner the endpoint instance that serves it
   */
  SseStream(HttpServerResponse response, Context context, Object owner) {
    this.response = response;
    this.context = context;
    this.owner = owner;
  }

  /** Sends the headers. Call on the response's context. @param onClose runs once when the connection closes first */
  SseStream open(Runnable onClose) {
    response.setStatusCode(200).setChunked(true).putHeader("content-type", "text/event-stream")
      .putHeader("cache-control", "no-cache").putHeader("x-accel-buffering", "no");
    response.closeHandler(v -> {
      if (!closed) {
        closed = true;
        onClose.run();
      }
    });
    response.write(":\n\n");
    return this;
  }

  /** @param message a JSON-RPC message to send */
  void send(JsonObject message) {
    write("event: message\ndata: " + message.encode() + "\n\n", false);
  }

  /** @param message the last message: sent, then the stream ends */
  void finish(JsonObject message) {
    write("event: message\ndata: " + message.encode() + "\n\n", true);
  }

  /** Sends a comment, which keeps intermediaries from closing a quiet stream. */
  void keepAlive() {
    write(":\n\n", false);
  }

  /** Ends the stream without another message. */
  void close() {
    write(null, true);
  }

  /** @param endpoint an endpoint instance @return whether it serves this stream */
  boolean ownedBy(Object endpoint) {
    return owner == endpoint;
  }

  /** @return whether the stream has ended or its connection closed */
  boolean closed() {
    return closed;
  }

  private void write(String text, boolean end) {
    context.runOnContext(v -> {
      if (closed) {
        return;
      }
      if (text != null && response.writeQueueFull()) {
        // a client that does not read its stream loses it, rather than the runtime buffering for it
        closed = true;
        response.reset();
        return;
      }
      if (end) {
        closed = true;
        if (text == null) {
          response.end();
        } else {
          response.end(text);
        }
      } else {
        response.write(text);
      }
    });
  }
}
