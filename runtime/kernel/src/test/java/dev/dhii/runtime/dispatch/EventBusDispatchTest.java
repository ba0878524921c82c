package dev.dhii.runtime.dispatch;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.FaultyPlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Capability calls over the event bus at {@code dhii.cap.<id>}: replies, headers and ReplyException errors. */
@ExtendWith(VertxExtension.class)
class EventBusDispatchTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
    TestManifests.write(plugins, "bad", FaultyPlugin.class,
      List.of("bad.throw", "bad.network", "bad.reject", "bad.output", "bad.block", "bad.never"),
      new JsonObject().put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))));
  }).build();

  static void assertError(Throwable failure, int status, String code) {
    assertTrue(failure instanceof ReplyException, String.valueOf(failure));
    ReplyException re = (ReplyException) failure;
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, re.failureType());
    assertEquals(status, re.failureCode(), re.getMessage());
    assertEquals(code, new JsonObject(re.getMessage()).getJsonObject("error").getString("code"));
  }

  @Test
  void aRequestGetsTheOutputAndTheRequestIdHeader(VertxTestContext test) {
    dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("fx.echo"), new JsonObject().put("text", "hi"),
        new DeliveryOptions().addHeader(Addresses.HEADER_REQUEST_ID, "eb-1"))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals("hi", reply.body().getString("text"));
        assertEquals("eb-1", reply.headers().get(Addresses.HEADER_REQUEST_ID));
        assertEquals("1", reply.headers().get(Addresses.HEADER_ATTEMPTS));
        test.completeNow();
      })));
  }

  @Test
  void aTrustedUserIdHeaderAuthenticatesTheCall(VertxTestContext test) {
    dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("fx.secure"), new JsonObject().put("text", "hi"),
        new DeliveryOptions().addHeader(Addresses.HEADER_USER_ID, "alice"))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals("hi", reply.body().getString("text"));
        test.completeNow();
      })));
  }

  @Test
  void errorsAreReplyExceptionsWithTheHttpStatusAndTheErrorBody(VertxTestContext test) {
    var checks = test.checkpoint(5);
    var bus = dhii.vertx().eventBus();
    bus.request(Addresses.capability("fx.echo"), new JsonObject().put("text", 7))
      .onComplete(test.failing(e -> test.verify(() -> { assertError(e, 400, "VALIDATION"); checks.flag(); })));
    bus.request(Addresses.capability("fx.echo"), "not an object")
      .onComplete(test.failing(e -> test.verify(() -> { assertError(e, 400, "VALIDATION"); checks.flag(); })));
    bus.request(Addresses.capability("fx.secure"), new JsonObject().put("text", "x"))
      .onComplete(test.failing(e -> test.verify(() -> { assertError(e, 401, "AUTHENTICATION"); checks.flag(); })));
    bus.request(Addresses.capability("bad.throw"), new JsonObject().put("text", "x"))
      .onComplete(test.failing(e -> test.verify(() -> { assertError(e, 500, "INTERNAL"); checks.flag(); })));
    bus.request(Addresses.capability("bad.block"), new JsonObject().put("text", "x"),
        new DeliveryOptions().addHeader(Addresses.HEADER_TIMEOUT_MS, "200"))
      .onComplete(test.failing(e -> test.verify(() -> { assertError(e, 504, "TIMEOUT"); checks.flag(); })));
  }

  @Test
  void aMalformedTimeoutHeaderIsAValidationError(VertxTestContext test) {
    dhii.vertx().eventBus().request(Addresses.capability("fx.echo"), new JsonObject().put("text", "x"),
        new DeliveryOptions().addHeader(Addresses.HEADER_TIMEOUT_MS, "later"))
      .onComplete(test.failing(e -> test.verify(() -> {
        assertError(e, 400, "VALIDATION");
        test.completeNow();
      })));
  }

  @Test
  void anUnknownCapabilityHasNoHandlers(VertxTestContext test) {
    dhii.vertx().eventBus().request(Addresses.capability("nope.none"), new JsonObject())
      .onComplete(test.failing(e -> test.verify(() -> {
        assertEquals(ReplyFailure.NO_HANDLERS, ((ReplyException) e).failureType());
        assertEquals("NOT_FOUND", CallError.from(e).code().name());
        test.completeNow();
      })));
  }

  @Test
  void theDispatcherServesInProcessCallsDirectly(VertxTestContext test) {
    dhii.runtime().dispatcher().invoke(CallRequest.of("fx.echo", new JsonObject().put("text", "direct")))
      .onComplete(test.succeeding(result -> test.verify(() -> {
        assertEquals("direct", result.output().getString("text"));
        assertEquals("fx", result.pluginId());
        test.completeNow();
      })));
  }
}
