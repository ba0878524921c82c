package dev.dhii.client;

import dev.dhii.api.ErrorCode;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Decoding the event bus failures of a capability request into the wire error. */
class ReplyErrorsTest {

  static String body(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)
      .put("requestId", "r-9").put("pluginId", "email").put("capabilityId", "email.send")
      .put("details", new JsonObject().put("retryAfterMs", 250))).encode();
  }

  @Test
  void theRuntimesErrorBodyComesBackAsSent() {
    DhiiCallException e = ReplyErrors.decode(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 429,
      body("RATE_LIMITED", "slow down")), "email.send", "mine");
    assertEquals(ErrorCode.RATE_LIMITED, e.code());
    assertEquals("slow down", e.getMessage());
    assertEquals("r-9", e.requestId(), "the runtime's request id wins");
    assertEquals("email", e.pluginId());
    assertEquals(250, e.details().getInteger("retryAfterMs"));
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, e.failureType());
    assertEquals("RateLimitedError", e.toBody().getJsonObject("error").getString("type"));
  }

  @Test
  void noHandlersIsNotFoundAndNamesTheCapability() {
    DhiiCallException e = ReplyErrors.decode(new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address dhii.cap.a.b"),
      null, "r-1");
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals("a.b", e.capabilityId());
    assertEquals("Unknown capability: a.b", e.getMessage());
    assertEquals(ErrorCode.UNAVAILABLE, ReplyErrors.unavailable(e, "a").code());
    assertEquals("a", ReplyErrors.unavailable(e, "a").pluginId());
  }

  @Test
  void aReplyTimeoutIsTimeout() {
    DhiiCallException e = ReplyErrors.decode(new ReplyException(ReplyFailure.TIMEOUT, "Timed out"), "x.y", "r-2");
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertEquals("r-2", e.requestId());
    assertNull(e.pluginId());
  }

  @Test
  void aFailureThatIsNotTheRuntimesIsInternal() {
    assertEquals(ErrorCode.INTERNAL, ReplyErrors.decode(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 7, "plain"),
      "x.y", null).code());
    assertEquals(ErrorCode.INTERNAL, ReplyErrors.decode(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500,
      "{\"error\":{\"code\":\"NO_SUCH_CODE\"}}"), "x.y", null).code());
    assertEquals(ErrorCode.INTERNAL, ReplyErrors.decode(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "{broken"),
      "x.y", null).code());
  }

  @Test
  void optionsRoundTripThroughJson() {
    InvokeOptions options = new InvokeOptions().setRequestId("r").setUserId("u").setTimeoutMs(5).setAuthorization("Bearer t")
      .setPayloadBytes(9);
    assertEquals(options.toJson(), new InvokeOptions(options.toJson()).toJson());
    assertEquals(options.toJson(), new InvokeOptions(options).toJson());
    DhiiClientOptions client = new DhiiClientOptions().setDefaultTimeoutMs(7).setReplyGraceMs(0);
    assertEquals(client.toJson(), new DhiiClientOptions(client.toJson()).toJson());
  }
}
