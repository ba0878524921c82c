package dev.dhii.runtime.auth;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.UserFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;

import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Test tokens signed with the JDK alone (not with the library under test), so that they also prove that any
 * standard JWT issuer interoperates with the runtime.
 */
public final class Tokens {

  /** The test secret: 32 bytes. */
  public static final String SECRET = "test-secret-0123456789abcdefghij";
  /** Another 32-byte secret, for wrong signatures. */
  public static final String OTHER_SECRET = "other-secret-0123456789abcdefghi";

  private Tokens() {
  }

  /**
   * @return a runtime for a test class whose tokens are signed with {@link #SECRET}, serving the echo fixture
   *         ({@code fx.*}) and the user fixture ({@code who.*})
   */
  public static DhiiRuntimeExtension runtime() {
    return DhiiRuntimeExtension.builder().plugins(plugins -> {
      TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
      TestManifests.write(plugins, "who", UserFixturePlugin.class, List.of("who.user", "who.anyone"), null);
    }).conf(new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", SECRET)))).build();
  }

  /** @param sub the subject @return claims valid for ten minutes, with the default issuer and audience */
  public static JsonObject claims(String sub) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", sub).put("iss", "dhii").put("aud", "dhii").put("iat", now).put("exp", now + 600);
  }

  /** @param claims the payload @return an HS256 token signed with {@link #SECRET} */
  public static String hs256(JsonObject claims) {
    return hs256(claims, SECRET);
  }

  /** @param claims the payload @param secret the key @return an HS256 token */
  public static String hs256(JsonObject claims, String secret) {
    String input = part(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + part(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + base64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @param claims the payload @param key the private key @return an RS256 token */
  public static String rs256(JsonObject claims, PrivateKey key) {
    String input = part(new JsonObject().put("alg", "RS256").put("typ", "JWT")) + "." + part(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + base64(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return a fresh 2048-bit RSA key pair */
  public static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @param pair a key pair @return its public key in PEM */
  public static String publicPem(KeyPair pair) {
    return "-----BEGIN PUBLIC KEY-----\n"
      + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
      + "\n-----END PUBLIC KEY-----\n";
  }

  /** @param json a header or payload @return its base64url form */
  public static String part(JsonObject json) {
    return base64(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
