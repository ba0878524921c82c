package dev.dhii.runtime.console;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP access log: one INFO line for each request once its response has ended (or its connection
 * closed), on logger {@value #LOGGER}: method, path (without the query), status, duration, bytes written,
 * request id (the response's {@code X-Request-Id}, else the request's, else {@code -}) and client address.
 * The same values are the line's key-value pairs, which the JSON format writes as fields.
 */
final class AccessLog implements Handler<RoutingContext> {

  /** The logger the lines go to. */
  static final String LOGGER = "dhii.access";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final String REQUEST_ID = "x-request-id";

  @Override
  public void handle(RoutingContext rc) {
    long start = System.nanoTime();
    rc.addEndHandler(ar -> log(rc, start, ar.succeeded()));
    rc.next();
  }

  private static void log(RoutingContext rc, long start, boolean ended) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    HttpServerRequest request = rc.request();
    String requestId = rc.response().headers().get(REQUEST_ID);
    if (requestId == null) {
      requestId = request.getHeader(REQUEST_ID);
    }
    // a caller's id is logged as the runtime would use it: bounded, without line breaks
    requestId = requestId == null || requestId.isBlank() || requestId.length() > 200 ? "-" : requestId.replaceAll("[\\r\\n]", "_");
    double ms = (System.nanoTime() - start) / 1e6;
    String duration = String.format(java.util.Locale.ROOT, "%.1f", ms);
    String client = request.remoteAddress() == null ? "-" : request.remoteAddress().host();
    int status = ended ? rc.response().getStatusCode() : 0;
    String path = request.path() == null ? "-" : request.path().replaceAll("[\\r\\n]", "_");
    LOG.atInfo().addKeyValue("method", request.method().name()).addKeyValue("path", path)
      .addKeyValue("status", status).addKeyValue("durationMs", ms).addKeyValue("bytes", rc.response().bytesWritten())
      .addKeyValue("requestId", requestId).addKeyValue("client", client)
      .log("{} {} {} {}ms bytes={} requestId={} client={}{}", request.method().name(), path, status, duration,
        rc.response().bytesWritten(), requestId, client, ended ? "" : " (connection closed before the response ended)");
  }
}
