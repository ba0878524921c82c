package dev.dhii.runtime.http;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests the HTTP parser refused (the server's invalid request handler) with the typed error body:
 * 414 for a request line over {@code maxInitialLineBytes}, 431 for headers over {@code maxHeaderBytes}, 400 for
 * anything else malformed (a bad or repeated Content-Length, control characters in a header, an HTTP/0.9
 * request line, ...). The connection is closed after the answer. Client-caused, so logged at DEBUG only.
 */
final class InvalidRequests {

  private static final Logger LOG = LoggerFactory.getLogger(InvalidRequests.class);

  private InvalidRequests() {
  }

  static void answer(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status;
    ErrorCode code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = ErrorCode.VALIDATION;
      message = "The request line is too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = ErrorCode.VALIDATION;
      message = "The request headers are too large";
    } else {
      status = 400;
      code = ErrorCode.VALIDATION;
      message = "The request is not valid HTTP/1.1";
    }
    LOG.debug("invalid HTTP request from {}: {}", request.remoteAddress(), String.valueOf(cause));
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      request.connection().close();
      return;
    }
    response.setStatusCode(status).putHeader("content-type", HttpReplies.JSON).putHeader("connection", "close")
      .end(new CallFailure(CallError.of(code, message), null, null, null).toBody().toBuffer())
      .onComplete(ar -> request.connection().close());
  }
}
