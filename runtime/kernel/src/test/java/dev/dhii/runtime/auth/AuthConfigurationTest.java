package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestRuntime;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code auth.jwt} in conf/runtime.json and the environment, and what the runtime makes of it at boot. */
class AuthConfigurationTest {

  static final String PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----";

  @RegisterExtension
  static final DhiiRuntimeExtension fixture = DhiiRuntimeExtension.vertxOnly();

  static RuntimeOptions withJwt(JsonObject jwt) {
    return new RuntimeOptions(new JsonObject().put("auth", new JsonObject().put("jwt", jwt)));
  }

  /** Options with no key and their own data directory (where a secret is generated). */
  static RuntimeOptions noKey(Path data) {
    return new RuntimeOptions(new JsonObject().put("plugins", new JsonObject().put("dataDirectory", data.toString())));
  }

  @Test
  void theDefaultsComeFromConfRuntimeJson(@TempDir Path data) throws Exception {
    JwtOptions options = Authenticators.jwtOptions(noKey(data));
    String generated = java.nio.file.Files.readString(data.resolve(GeneratedSecret.FILE)).trim();
    assertEquals(new JwtOptions().setSecret(generated).toJson(), options.toJson());
    assertEquals("HS256", options.getAlgorithm());
    // no key configured: a secret generated in the data directory, readable by its owner only
    assertEquals(generated, options.getSecret());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
      java.nio.file.Files.getPosixFilePermissions(data.resolve(GeneratedSecret.FILE))));
    assertEquals(generated, Authenticators.jwtOptions(noKey(data)).getSecret(), "the next start reads the same one");
    assertEquals("dhii", options.getIssuer());
    assertEquals("dhii", options.getAudience());
    assertEquals(5, options.getLeewaySeconds());
  }

  @Test
  void theJsonFormRoundTrips() {
    JsonObject json = new JsonObject().put("algorithm", "ES256").put("secret", null).put("publicKey", PEM)
      .put("issuer", "idp").put("audience", null).put("leewaySeconds", 30);
    assertEquals(json, new JwtOptions(json).toJson());
    assertEquals(json, new JwtOptions(new JwtOptions(json)).toJson());
  }

  @Test
  void aSecretShorterThan32BytesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JwtOptions().setSecret("x".repeat(31)));
    assertTrue(e.getMessage().contains("31 bytes") && e.getMessage().contains("at least 32"), e.getMessage());
    assertEquals(32, new JwtOptions().setSecret("é".repeat(16)).getSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new JwtOptions().setAlgorithm("none"));
    assertThrows(IllegalArgumentException.class, () -> new JwtOptions().setAlgorithm("hs256"));
    assertThrows(IllegalArgumentException.class, () -> new JwtOptions().setLeewaySeconds(-1));
    assertThrows(IllegalArgumentException.class, () -> new JwtOptions().setPublicKey("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"));
  }

  @Test
  void theSecretNeverAppearsInToString() {
    assertFalse(new JwtOptions().setSecret(Tokens.SECRET).toString().contains(Tokens.SECRET));
  }

  @Test
  void theEnvironmentOverridesTheKeys() {
    RuntimeOptions options = new RuntimeOptions().applyEnvironment(Map.of("DHII_JWT_SECRET", Tokens.SECRET,
      "DHII_JWT_PUBLIC_KEY", PEM.replace("\n", "\\n"), "DHII_JWT_ALGORITHM", "ES256"));
    JwtOptions jwt = Authenticators.jwtOptions(options);
    assertEquals(Tokens.SECRET, jwt.getSecret());
    assertEquals(PEM, jwt.getPublicKey());
    assertEquals("ES256", jwt.getAlgorithm());
    assertEquals("dhii", jwt.getIssuer(), "the other keys keep their defaults");
  }

  @Test
  void anEmptyVariableLeavesTheConfiguredSecret() {
    RuntimeOptions options = withJwt(new JsonObject().put("secret", Tokens.SECRET))
      .applyEnvironment(Map.of("DHII_JWT_SECRET", ""));
    assertEquals(Tokens.SECRET, Authenticators.jwtOptions(options).getSecret());
  }

  @Test
  void withoutAKeyOnlyTokensOfTheGeneratedSecretAreAccepted(@TempDir Path data) throws Exception {
    Authenticator generated = Authenticators.fromOptions(fixture.vertx(), noKey(data));
    assertTrue(generated.configured());
    Throwable failure = assertThrows(Exception.class, () -> generated.authenticate("Bearer " + Tokens.hs256(Tokens.claims("alice")))
      .await(5, TimeUnit.SECONDS));
    assertEquals(ErrorCode.AUTHENTICATION, assertInstanceOf(PluginException.class, failure).code());
  }

  @Test
  void aSecretTurnsOnJwtAuthentication() {
    assertInstanceOf(JwtAuthenticator.class, Authenticators.fromOptions(fixture.vertx(), withJwt(new JsonObject().put("secret", Tokens.SECRET))));
  }

  @Test
  void aKeyThatDoesNotFitTheAlgorithmIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> Authenticators.fromOptions(fixture.vertx(), withJwt(new JsonObject().put("publicKey", PEM))));
    assertTrue(e.getMessage().contains("HS256") && e.getMessage().contains("RS256 or ES256"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Authenticators.fromOptions(fixture.vertx(),
      withJwt(new JsonObject().put("algorithm", "RS256").put("publicKey", PEM.replace("MFkw", "AAAA")))));
    assertTrue(e.getMessage().contains("cannot be used for RS256"), e.getMessage());
  }

  @Test
  void theRuntimeRefusesToBootWithAShortSecret(@TempDir Path plugins) {
    RuntimeOptions options = TestRuntime.options(plugins, new JsonObject().put("auth", new JsonObject()
      .put("jwt", new JsonObject().put("secret", "too-short"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DhiiRuntime.start(fixture.vertx(), options));
    assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
  }
}
