package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import dev.dhii.runtime.http.AdminGuard;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin guard in front of a dummy route on a real HTTP server: 401 without a valid token, 403 without the role. */
@ExtendWith(VertxExtension.class)
class AdminGuardTest {

  @RegisterExtension
  final DhiiRuntimeExtension fixture = DhiiRuntimeExtension.vertxOnly();

  WebClient client;
  int port;

  @BeforeEach
  void start(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    serve(vertx, new JwtAuthenticator(vertx, new JwtOptions().setSecret(Tokens.SECRET)))
      .onComplete(test.succeeding(server -> {
        port = server.actualPort();
        client = WebClient.create(vertx);
        test.completeNow();
      }));
  }

  static io.vertx.core.Future<HttpServer> serve(Vertx vertx, Authenticator authenticator) {
    Router router = Router.router(vertx);
    router.post("/admin/thing").handler(AdminGuard.create(authenticator))
      .handler(rc -> rc.json(new JsonObject().put("done", true)
        .put("by", AdminGuard.principal(rc) == null ? null : AdminGuard.principal(rc).userId())));
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
  }

  HttpRequest<Buffer> call(String authorization) {
    HttpRequest<Buffer> request = client.post(port, "127.0.0.1", "/admin/thing").putHeader("x-request-id", "admin-1");
    return authorization == null ? request : request.putHeader("authorization", authorization);
  }

  static void assertError(io.vertx.ext.web.client.HttpResponse<Buffer> response, int status, String code, String message) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals(new JsonObject().put("error", new JsonObject().put("type", "PluginAuthenticationError").put("code", code)
      .put("message", error.getString("message")).put("retryable", false).put("requestId", "admin-1").putNull("pluginId")
      .putNull("capabilityId").put("details", new JsonObject())), response.bodyAsJsonObject(), "the error body of every route");
    assertTrue(error.getString("message").contains(message), error.encode());
    assertEquals("admin-1", response.getHeader("x-request-id"));
  }

  @Test
  void aRequestWithoutATokenIsUnauthorized(VertxTestContext test) {
    call(null).send().onComplete(test.succeeding(response -> test.verify(() -> {
      assertError(response, 401, "AUTHENTICATION", "admin role");
      assertNotNull(response.getHeader("www-authenticate"));
      test.completeNow();
    })));
  }

  @Test
  void aRequestWithAnInvalidTokenIsUnauthorized(VertxTestContext test) {
    String forged = Tokens.hs256(Tokens.claims("mallory").put("roles", new JsonArray().add("admin")), Tokens.OTHER_SECRET);
    call("Bearer " + forged).send().onComplete(test.succeeding(response -> test.verify(() -> {
      assertError(response, 401, "AUTHENTICATION", "signature");
      test.completeNow();
    })));
  }

  @Test
  void aUserWithoutTheAdminRoleIsForbidden(VertxTestContext test) {
    String user = Tokens.hs256(Tokens.claims("alice").put("roles", new JsonArray().add("ops")));
    call("Bearer " + user).send().onComplete(test.succeeding(response -> test.verify(() -> {
      assertError(response, 403, "FORBIDDEN", "User alice does not have the admin role");
      test.completeNow();
    })));
  }

  @Test
  void anAdminReachesTheRouteAsHimself(VertxTestContext test) {
    var checks = test.checkpoint(2);
    for (JsonObject claims : new JsonObject[] {
      Tokens.claims("root").put("roles", new JsonArray().add("admin")), Tokens.claims("root").put("scope", "read admin")}) {
      call("Bearer " + Tokens.hs256(claims)).send().onComplete(test.succeeding(response -> test.verify(() -> {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals(new JsonObject().put("done", true).put("by", "root"), response.bodyAsJsonObject());
        checks.flag();
      })));
    }
  }

  @Test
  void withoutAKeyToCheckTokensTheAdminRoutesRefuseEveryRequest(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    serve(vertx, Authenticator.none()).compose(server -> {
      port = server.actualPort();
      return call(null).send();
    }).onComplete(test.succeeding(response -> test.verify(() -> {
      assertEquals(401, response.statusCode(), response.bodyAsString());
      assertEquals("AUTHENTICATION", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
      test.completeNow();
    })));
  }
}
