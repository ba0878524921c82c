package dev.dhii.runtime.auth;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer tokens on the HTTP bridge of a real runtime: capability calls and the admin routes' guard. */
class HttpAuthenticationTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = Tokens.runtime();

  static HttpResponse<Buffer> post(String path, String body, String token) {
    HttpRequest<Buffer> request = dhii.http().post(path).putHeader("content-type", "application/json");
    if (token != null) {
      request.putHeader("authorization", "Bearer " + token);
    }
    try {
      return request.sendBuffer(Buffer.buffer(body)).await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String refused(String capability, String token) {
    HttpResponse<Buffer> response = post("/v1/capabilities/" + capability + "/invoke", "{\"text\":\"hi\"}", token);
    return error(response, 401, "AUTHENTICATION").getString("message");
  }

  static JsonObject error(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("content-type").startsWith("application/json"));
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"), response.bodyAsString());
    assertEquals("PluginAuthenticationError", error.getString("type"));
    assertEquals(false, error.getBoolean("retryable"));
    assertNotNull(error.getString("requestId"));
    assertNotNull(error.getJsonObject("details"));
    assertTrue(error.containsKey("pluginId") && error.containsKey("capabilityId"), error.encode());
    return error;
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void aSecureCapabilityWithoutATokenIsUnauthorized() {
    assertEquals("fx.secure requires an authenticated caller", refused("fx.secure", null));
  }

  @Test
  void aValidTokenCallsASecureCapabilityAsItsSubject() {
    HttpResponse<Buffer> response = post("/v1/capabilities/who.user/invoke", "{}", Tokens.hs256(Tokens.claims("alice")));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("alice", response.bodyAsJsonObject().getJsonObject("result").getString("userId"));
    assertEquals(200, post("/v1/capabilities/fx.secure/invoke", "{\"text\":\"hi\"}", Tokens.hs256(Tokens.claims("alice"))).statusCode());
  }

  @Test
  void theV1RoutesAuthenticateTheTokenToo() {
    HttpResponse<Buffer> response = post("/api/kernel/capabilities/who.user/execute", "{}", Tokens.hs256(Tokens.claims("bob")));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("bob", response.bodyAsJsonObject().getJsonObject("result").getString("userId"));
  }

  @Test
  void anExpiredTokenIsUnauthorized() {
    assertTrue(refused("fx.secure", Tokens.hs256(Tokens.claims("alice").put("exp", now() - 60))).contains("expired"));
  }

  @Test
  void aTokenNotYetValidIsUnauthorized() {
    assertTrue(refused("fx.secure", Tokens.hs256(Tokens.claims("alice").put("nbf", now() + 600))).contains("not valid before"));
  }

  @Test
  void aTokenWithAWrongSignatureIsUnauthorized() {
    assertEquals("The token's signature is not valid", refused("fx.secure", Tokens.hs256(Tokens.claims("alice"), Tokens.OTHER_SECRET)));
  }

  @Test
  void aTokenFromAnotherIssuerIsUnauthorized() {
    assertTrue(refused("fx.secure", Tokens.hs256(Tokens.claims("alice").put("iss", "elsewhere"))).contains("issuer"));
  }

  @Test
  void aMalformedTokenIsUnauthorized() {
    assertTrue(refused("fx.secure", "definitely.not.jwt").startsWith("Malformed bearer token"));
  }

  @Test
  void aTokenWithoutSubjectIsUnauthorized() {
    assertEquals("The token has no subject (sub)", refused("fx.secure", Tokens.hs256(Tokens.claims("alice").put("sub", null))));
  }

  @Test
  void aBadTokenIsUnauthorizedEvenOnAnAnonymousCapability() {
    JsonObject error = error(post("/v1/capabilities/fx.echo/invoke", "{\"text\":\"hi\"}", Tokens.hs256(Tokens.claims("alice"),
      Tokens.OTHER_SECRET)), 401, "AUTHENTICATION");
    assertEquals("fx.echo", error.getString("capabilityId"));
    assertEquals("fx", error.getString("pluginId"));
  }

  @Test
  void anonymousCapabilitiesStillServeCallsWithoutAToken() {
    assertEquals(200, post("/v1/capabilities/fx.echo/invoke", "{\"text\":\"hi\"}", null).statusCode());
    HttpResponse<Buffer> response = post("/v1/capabilities/who.anyone/invoke", "{}", null);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertNull(response.bodyAsJsonObject().getJsonObject("result").getString("userId"));
  }

  @Test
  void theAdminRoutesNeedATokenWithTheAdminRole() {
    HttpResponse<Buffer> anonymous = post("/v1/plugins/fx/redeploy", "{}", null);
    error(anonymous, 401, "AUTHENTICATION");
    assertTrue(anonymous.getHeader("www-authenticate").startsWith("Bearer"));
    error(post("/v1/plugins/fx/disable", "{}", Tokens.hs256(Tokens.claims("alice").put("exp", now() - 60))), 401, "AUTHENTICATION");
    JsonObject forbidden = error(post("/v1/plugins/fx/enable", "{}", Tokens.hs256(Tokens.claims("alice"))), 403, "FORBIDDEN");
    assertTrue(forbidden.getString("message").contains("admin role"), forbidden.encode());
  }

  @Test
  void anAdminPassesTheGuardToTheRoutesBehindIt() {
    String admin = Tokens.hs256(Tokens.claims("root").put("roles", new JsonArray().add("admin")));
    HttpResponse<Buffer> response = post("/v1/plugins/fx/no-such-action", "{}", admin);
    assertEquals(404, response.statusCode(), response.bodyAsString());
    assertEquals("NOT_FOUND", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }
}
