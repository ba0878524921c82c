package dev.dhii.runtime.http;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.limits.ByteBudget;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads request bodies within bounds, before any route sees them: a declared {@code Content-Length} over the
 * per-request bound is refused from the headers (413), a streamed body that passes it is refused as it does
 * (413), and every byte buffered is first taken from the shared {@link ByteBudget}, so that when the budget is
 * spent a new body is refused (503 OVERLOADED, {@code Retry-After}) instead of buffered. A body that stalls
 * ({@code bodyIdleTimeoutMs}) or takes too long ({@code bodyTimeoutMs}) is refused with 408; a malformed chunked
 * body with 400. A refused request's connection is closed after the answer. The budget is given back when the
 * response ends or the connection closes.
 */
final class BodyReader implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);
  private static final String BODY = "dhii.body";

  private final Vertx vertx;
  private final HttpEdge edge;

  BodyReader(Vertx vertx, HttpEdge edge) {
    this.vertx = vertx;
    this.edge = edge;
  }

  /** @param rc a request this handler has read @return its body (empty when it had none) */
  static Buffer body(RoutingContext rc) {
    Buffer body = rc.get(BODY);
    return body == null ? Buffer.buffer() : body;
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    long max = edge.maxBodyBytes();
    long declared = -1;
    String length = request.getHeader("content-length");
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        declared = -2;
      }
      if (declared < 0) {
        refuse(rc, 400, ErrorCode.VALIDATION, "Content-Length must be a number of bytes");
        return;
      }
    }
    if (declared > max) {
      refuse(rc, 413, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + max + " bytes");
      return;
    }
    String expect = request.getHeader("expect");
    if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
      refuse(rc, 417, ErrorCode.VALIDATION, "Only \"Expect: 100-continue\" is supported");
      return;
    }
    if (request.isEnded()) {
      rc.put(BODY, Buffer.buffer());
      rc.next();
      return;
    }
    ByteBudget.Lease lease = edge.budget().lease();
    if (declared > 0 && !lease.grow(declared)) {
      overloaded(rc);
      return;
    }
    rc.addEndHandler(v -> lease.release());
    if (expect != null && request.version() != HttpVersion.HTTP_1_0) {
      request.response().writeContinue();
    }
    new Reading(rc, lease, declared, max).start();
  }

  private final class Reading {
    private final RoutingContext rc;
    private final ByteBudget.Lease lease;
    private final long declared;
    private final long max;
    private final Buffer body;
    private long timer = -1;
    private long lastProgress;
    private long started;
    private boolean done;

    Reading(RoutingContext rc, ByteBudget.Lease lease, long declared, long max) {
      this.rc = rc;
      this.lease = lease;
      this.declared = declared;
      this.max = max;
      this.body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
    }

    void start() {
      HttpServerRequest request = rc.request();
      started = System.nanoTime();
      lastProgress = started;
      schedule();
      request.handler(this::chunk);
      request.exceptionHandler(this::failed);
      request.endHandler(v -> {
        if (finish()) {
          rc.put(BODY, body);
          rc.next();
        }
      });
    }

    /** One timer per body, set for the nearer deadline; progress only moves a timestamp. */
    private void schedule() {
      long idle = edge.options().bodyIdleTimeoutMs();
      long whole = edge.options().bodyTimeoutMs();
      long now = System.nanoTime();
      long wait = Long.MAX_VALUE;
      if (idle > 0) {
        wait = Math.min(wait, idle - (now - lastProgress) / 1_000_000);
      }
      if (whole > 0) {
        wait = Math.min(wait, whole - (now - started) / 1_000_000);
      }
      if (wait == Long.MAX_VALUE) {
        return;
      }
      timer = vertx.setTimer(Math.max(1, wait), t -> check());
    }

    private void check() {
      timer = -1;
      if (done) {
        return;
      }
      long now = System.nanoTime();
      long idle = edge.options().bodyIdleTimeoutMs();
      long whole = edge.options().bodyTimeoutMs();
      if (whole > 0 && (now - started) / 1_000_000 >= whole) {
        timedOut("The request body did not arrive within " + whole + " ms");
      } else if (idle > 0 && (now - lastProgress) / 1_000_000 >= idle) {
        timedOut("No bytes of the request body arrived for " + idle + " ms");
      } else {
        schedule();
      }
    }

    private void chunk(Buffer chunk) {
      if (done) {
        return;
      }
      long size = (long) body.length() + chunk.length();
      if (size > max) {
        finish();
        refuse(rc, 413, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + max + " bytes");
        return;
      }
      if (size > lease.held() && !lease.grow(size - lease.held())) {
        finish();
        overloaded(rc);
        return;
      }
      body.appendBuffer(chunk);
      lastProgress = System.nanoTime();
    }

    private void timedOut(String message) {
      if (finish()) {
        LOG.debug("closing {}: {}", rc.request().remoteAddress(), message);
        refuse(rc, 408, ErrorCode.TIMEOUT, message);
      }
    }

    private void failed(Throwable cause) {
      if (finish()) {
        // a malformed chunked body, or the client went away: a client-caused event, not a runtime error
        LOG.debug("request body from {} failed: {}", rc.request().remoteAddress(), String.valueOf(cause));
        refuse(rc, 400, ErrorCode.VALIDATION, "The request body is malformed");
        // the HTTP decoder closes the connection right after reporting a malformed body: write the answer out first
        if (rc.request().connection() instanceof ConnectionBase connection) {
          connection.channel().flush();
        }
      }
    }

    /** @return whether this call ended the reading (false when it was already over) */
    private boolean finish() {
      if (done) {
        return false;
      }
      done = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      return true;
    }
  }

  private static void overloaded(RoutingContext rc) {
    rc.response().putHeader("retry-after", "1");
    refuse(rc, 503, ErrorCode.OVERLOADED, "The server is buffering too many request bodies; retry later");
  }

  /** Answers with the typed error body and closes the connection once it is written (its body is not read). */
  static void refuse(RoutingContext rc, int status, ErrorCode code, String message) {
    HttpServerResponse response = rc.response();
    if (response.ended() || response.closed()) {
      return;
    }
    CallFailure failure = new CallFailure(CallError.of(code, message), null, null, null);
    response.setStatusCode(status).putHeader("content-type", HttpReplies.JSON).putHeader("connection", "close");
    response.end(failure.toBody().toBuffer()).onComplete(ar -> rc.request().connection().close());
    LOG.debug("refused {} {} from {}: {} {}", rc.request().method(), rc.request().path(), rc.request().remoteAddress(),
      status, message);
  }
}
