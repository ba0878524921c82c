package dev.dhii.runtime.auth;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.UserFixturePlugin;
import dev.dhii.runtime.testing.TestManifests;
import dev.dhii.runtime.testing.TestRuntime;
import io.vertx.core.Vertx;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer tokens in the {@code authorization} header of event bus calls, beside the trusted {@code dhii-user-id}. */
@ExtendWith(VertxExtension.class)
class EventBusAuthenticationTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = Tokens.runtime();

  static DeliveryOptions withToken(String token) {
    return new DeliveryOptions().addHeader(Addresses.HEADER_AUTHORIZATION, "Bearer " + token);
  }

  static void assertUnauthorized(Throwable failure, String message) {
    ReplyException re = assertInstanceOf(ReplyException.class, failure);
    assertEquals(401, re.failureCode(), re.getMessage());
    JsonObject error = new JsonObject(re.getMessage()).getJsonObject("error");
    assertEquals("AUTHENTICATION", error.getString("code"));
    assertTrue(error.getString("message").contains(message), error.encode());
  }

  @Test
  void aValidTokenCallsAsItsSubject(VertxTestContext test) {
    dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("who.user"), new JsonObject(),
        withToken(Tokens.hs256(Tokens.claims("alice"))))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals("alice", reply.body().getString("userId"));
        test.completeNow();
      })));
  }

  @Test
  void anExpiredTokenIsUnauthorized(VertxTestContext test) {
    long now = System.currentTimeMillis() / 1000;
    dhii.vertx().eventBus().request(Addresses.capability("who.user"), new JsonObject(),
        withToken(Tokens.hs256(Tokens.claims("alice").put("iat", now - 3600).put("exp", now - 600))))
      .onComplete(test.failing(e -> test.verify(() -> {
        assertUnauthorized(e, "expired");
        test.completeNow();
      })));
  }

  @Test
  void aTokenWithAWrongSignatureIsUnauthorized(VertxTestContext test) {
    var checks = test.checkpoint(2);
    String forged = Tokens.hs256(Tokens.claims("alice"), Tokens.OTHER_SECRET);
    for (String capability : List.of("who.user", "who.anyone")) {
      dhii.vertx().eventBus().request(Addresses.capability(capability), new JsonObject(), withToken(forged))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertUnauthorized(e, "signature");
          checks.flag();
        })));
    }
  }

  @Test
  void theTrustedUserIdHeaderNeedsNoToken(VertxTestContext test) {
    dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("who.user"), new JsonObject(),
        new DeliveryOptions().addHeader(Addresses.HEADER_USER_ID, "service-account"))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals("service-account", reply.body().getString("userId"));
        test.completeNow();
      })));
  }
}
