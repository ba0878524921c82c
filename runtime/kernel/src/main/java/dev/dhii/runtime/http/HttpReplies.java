package dev.dhii.runtime.http;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON replies and typed error bodies (DESIGN §7). */
public final class HttpReplies {

  static final String JSON = "application/json";

  private HttpReplies() {
  }

  static void json(RoutingContext rc, int status, JsonObject body) {
    HttpServerResponse response = rc.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", JSON).end(body.toBuffer());
  }

  /**
   * Ends the response with the failure's HTTP status and error body ({@link CallFailure#toBody()}), its request
   * id in {@code X-Request-Id} and, when rate limited, a {@code Retry-After}. Does nothing once the response ended.
   *
   * @param rc the request
   * @param failure the failure
   */
  public static void error(RoutingContext rc, CallFailure failure) {
    HttpServerResponse response = rc.response();
    if (failure.requestId() != null) {
      response.putHeader("x-request-id", failure.requestId());
    }
    if (failure.error().code() == ErrorCode.RATE_LIMITED) {
      long ms = failure.error().details().getLong("retryAfterMs", 1000L);
      response.putHeader("retry-after", Long.toString(Math.max(1, (ms + 999) / 1000)));
    }
    json(rc, failure.status(), failure.toBody());
  }

  static void error(RoutingContext rc, ErrorCode code, String message, String requestId, String capabilityId) {
    error(rc, new CallFailure(CallError.of(code, message), requestId, null, capabilityId));
  }
}
