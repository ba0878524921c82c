package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.dispatch.Principal;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which tokens the JWT authenticator accepts, the principal it makes of them, and why it refuses the others. */
class JwtAuthenticatorTest {

  @RegisterExtension
  static final DhiiRuntimeExtension fixture = DhiiRuntimeExtension.vertxOnly();
  static Authenticator authenticator;

  @BeforeAll
  static void start() {
    authenticator = new JwtAuthenticator(fixture.vertx(), new JwtOptions().setSecret(Tokens.SECRET));
  }

  static Principal accepted(Authenticator authenticator, String authorization) {
    try {
      return authenticator.authenticate(authorization).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("refused: " + e.getMessage(), e);
    }
  }

  static String refused(Authenticator authenticator, String authorization) {
    Future<Principal> result = authenticator.authenticate(authorization);
    ExecutionException e = assertThrows(ExecutionException.class,
      () -> result.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    PluginException refusal = assertInstanceOf(PluginException.class, e.getCause());
    assertEquals(ErrorCode.AUTHENTICATION, refusal.code());
    return refusal.getMessage();
  }

  static String refused(String authorization) {
    return refused(authenticator, authorization);
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void aBearerTokenNamesTheUserAndHisRoles() {
    Principal principal = accepted(authenticator, "Bearer " + Tokens.hs256(Tokens.claims("alice")
      .put("roles", new JsonArray().add("admin").add("ops"))));
    assertEquals("alice", principal.userId());
    assertEquals(Set.of("admin", "ops"), principal.roles());
    assertTrue(principal.isAdmin());
  }

  @Test
  void theBareTokenAndAnyCaseOfBearerAreAccepted() {
    String token = Tokens.hs256(Tokens.claims("bob"));
    assertEquals("bob", accepted(authenticator, token).userId());
    assertEquals("bob", accepted(authenticator, "bearer  " + token).userId());
  }

  @Test
  void rolesAlsoComeFromASpaceSeparatedScope() {
    Principal principal = accepted(authenticator, Tokens.hs256(Tokens.claims("carol")
      .put("roles", new JsonArray().add("ops")).put("scope", "admin  mail.read")));
    assertEquals(Set.of("ops", "admin", "mail.read"), principal.roles());
  }

  @Test
  void aTokenWithoutRolesHasNone() {
    assertEquals(Set.of(), accepted(authenticator, Tokens.hs256(Tokens.claims("dave"))).roles());
  }

  @Test
  void anExpiredTokenIsRefused() {
    String message = refused(Tokens.hs256(Tokens.claims("alice").put("exp", now() - 60)));
    assertTrue(message.startsWith("The token expired at "), message);
  }

  private static JsonObject withoutExp(JsonObject claims) {
    claims.remove("exp");
    return claims;
  }

  @Test
  void aTokenThatNeverExpiresIsRefused() {
    assertEquals("The token has no expiry (exp)", refused(Tokens.hs256(withoutExp(Tokens.claims("alice")))));
  }

  @Test
  void theLeewayToleratesASmallClockSkew() {
    assertEquals("alice", accepted(authenticator, Tokens.hs256(Tokens.claims("alice").put("exp", now() - 2)
      .put("nbf", now() + 2))).userId());
  }

  @Test
  void aTokenNotYetValidIsRefused() {
    String message = refused(Tokens.hs256(Tokens.claims("alice").put("nbf", now() + 120)));
    assertTrue(message.startsWith("The token is not valid before "), message);
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    assertEquals("The token's signature is not valid", refused(Tokens.hs256(Tokens.claims("alice"), Tokens.OTHER_SECRET)));
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String[] parts = Tokens.hs256(Tokens.claims("alice")).split("\\.");
    String forged = parts[0] + "." + Tokens.part(Tokens.claims("alice").put("roles", new JsonArray().add("admin")))
      + "." + parts[2];
    assertEquals("The token's signature is not valid", refused(forged));
  }

  @Test
  void aWrongIssuerOrAudienceIsRefused() {
    assertEquals("The token's issuer is 'someone-else'; expected 'dhii'",
      refused(Tokens.hs256(Tokens.claims("alice").put("iss", "someone-else"))));
    assertEquals("The token's issuer is missing; expected 'dhii'", refused(Tokens.hs256(Tokens.claims("alice").put("iss", null))));
    assertEquals("The token's audience does not include 'dhii'",
      refused(Tokens.hs256(Tokens.claims("alice").put("aud", new JsonArray().add("mail")))));
    assertEquals("bob", accepted(authenticator, Tokens.hs256(Tokens.claims("bob")
      .put("aud", new JsonArray().add("mail").add("dhii")))).userId());
  }

  @Test
  void aTokenWithoutSubjectIsRefused() {
    assertEquals("The token has no subject (sub)", refused(Tokens.hs256(Tokens.claims("alice").put("sub", null))));
    assertEquals("The token has no subject (sub)", refused(Tokens.hs256(Tokens.claims(" "))));
  }

  @Test
  void malformedTokensAreRefused() {
    assertTrue(refused("Bearer not-a-token").startsWith("Malformed bearer token"));
    assertTrue(refused("Bearer a.b").startsWith("Malformed bearer token"));
    assertTrue(refused("Bearer %%%.%%%.%%%").startsWith("Malformed bearer token"));
    assertTrue(refused("Bearer " + Tokens.part(new JsonObject().put("alg", "HS256")) + ".bm90IGpzb24.c2ln")
      .startsWith("Malformed bearer token: its payload"));
    assertTrue(refused(Tokens.hs256(Tokens.claims("alice").put("exp", "tomorrow"))).contains("exp claim"));
    assertTrue(refused(Tokens.hs256(Tokens.claims("alice").put("roles", "admin"))).contains("roles claim"));
  }

  @Test
  void anotherSchemeOrAnEmptyHeaderIsRefused() {
    assertEquals("The Authorization header must be 'Bearer <token>'", refused("Basic YWxpY2U6c2VjcmV0"));
    assertEquals("No bearer token was presented", refused("Bearer "));
    assertEquals("No bearer token was presented", refused(""));
  }

  @Test
  void onlyTheConfiguredAlgorithmIsAccepted() {
    String unsigned = Tokens.part(new JsonObject().put("alg", "none")) + "." + Tokens.part(Tokens.claims("alice")) + ".";
    assertEquals("The token is signed with none; this runtime accepts HS256 only", refused(unsigned));
    String hs512 = Tokens.part(new JsonObject().put("alg", "HS512")) + "." + Tokens.part(Tokens.claims("alice")) + ".c2ln";
    assertEquals("The token is signed with HS512; this runtime accepts HS256 only", refused(hs512));
  }

  @Test
  void rs256TokensAreCheckedWithThePublicKey() {
    KeyPair pair = Tokens.rsaKeyPair();
    Authenticator rsa = new JwtAuthenticator(fixture.vertx(), new JwtOptions().setAlgorithm("RS256").setPublicKey(Tokens.publicPem(pair)));
    assertEquals("erin", accepted(rsa, "Bearer " + Tokens.rs256(Tokens.claims("erin"), pair.getPrivate())).userId());
    assertEquals("The token's signature is not valid",
      refused(rsa, Tokens.rs256(Tokens.claims("erin"), Tokens.rsaKeyPair().getPrivate())));
    assertEquals("The token is signed with HS256; this runtime accepts RS256 only", refused(rsa, Tokens.hs256(Tokens.claims("erin"))));
  }

  @Test
  void aNullIssuerAndAudienceAreNotChecked() {
    Authenticator lenient = new JwtAuthenticator(fixture.vertx(), new JwtOptions().setSecret(Tokens.SECRET).setIssuer(null).setAudience(null));
    assertEquals("frank", accepted(lenient, Tokens.hs256(new JsonObject().put("sub", "frank")
      .put("exp", System.currentTimeMillis() / 1000 + 60))).userId());
  }

  @Test
  void tokensFromTheIssuerAreAccepted() {
    JwtOptions options = new JwtOptions().setSecret(Tokens.SECRET);
    String token = new TokenIssuer(fixture.vertx(), options).issue("grace", java.util.List.of("admin"), java.time.Duration.ofMinutes(5));
    Principal principal = accepted(new JwtAuthenticator(fixture.vertx(), options), token);
    assertEquals("grace", principal.userId());
    assertTrue(principal.isAdmin());
  }
}
