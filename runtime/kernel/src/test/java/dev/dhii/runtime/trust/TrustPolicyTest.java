package dev.dhii.runtime.trust;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.config.TrustOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trust policy: keys from the configuration and the environment, what it accepts, what it refuses and why. */
class TrustPolicyTest {

  static final KeyPair OLD = Ed25519Keys.generate();
  static final KeyPair NEW = Ed25519Keys.generate();
  static final KeyPair STRANGER = Ed25519Keys.generate();
  static final byte[] SUMS = (SignedSums.sha256("{}".getBytes(StandardCharsets.UTF_8)) + "  manifest.json\n")
    .getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  static RuntimeOptions options(boolean requireSigned, String... keys) {
    return new RuntimeOptions(new JsonObject().put("plugins", new JsonObject().put("trust",
      new JsonObject().put("requireSigned", requireSigned).put("publicKeys", new JsonArray(List.of(keys))))));
  }

  static String id(KeyPair pair) {
    return Ed25519Keys.keyId(pair.getPublic());
  }

  @Test
  void keysComeFromFilesRelativeToHomeFromAbsolutePathsAndInline() throws IOException {
    Path relative = Path.of("target", "trust-policy-test", "old.pub");
    Files.createDirectories(relative.getParent());
    Files.writeString(relative, Ed25519Keys.toPem(OLD.getPublic()));
    Path absolute = Files.writeString(dir.resolve("new.pub"), Ed25519Keys.toPem(NEW.getPublic()));
    TrustPolicy policy = TrustPolicy.fromOptions(options(true, relative.toString(), absolute.toString(),
      Ed25519Keys.toPem(STRANGER.getPublic())));
    assertTrue(policy.requireSigned());
    assertEquals(List.of(id(OLD), id(NEW), id(STRANGER)), policy.keys().stream().map(TrustPolicy.TrustedKey::id).toList());
    assertEquals(List.of(relative.toString(), absolute.toString(), "inline PEM"),
      policy.keys().stream().map(TrustPolicy.TrustedKey::source).toList());
  }

  @Test
  void anInvalidKeyIsAnErrorNamingIt() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    Path good = Files.writeString(dir.resolve("good.pub"), Ed25519Keys.toPem(OLD.getPublic()));
    assertEquals("invalid trusted key plugins.trust.publicKeys[1] (" + bad + "): not an Ed25519 public key (X.509 PEM)",
      assertThrows(IllegalArgumentException.class, () -> TrustPolicy.fromOptions(options(false, good.toString(), bad.toString())))
        .getMessage());
    Path missing = dir.resolve("missing.pub");
    assertEquals("invalid trusted key plugins.trust.publicKeys[0] (" + missing + "): cannot read " + missing,
      assertThrows(IllegalArgumentException.class, () -> TrustPolicy.fromOptions(options(false, missing.toString()))).getMessage());
    assertEquals("invalid trusted key plugins.trust.publicKeys[0] (inline PEM): no -----BEGIN PUBLIC KEY----- block",
      assertThrows(IllegalArgumentException.class, () -> TrustPolicy.fromOptions(options(false,
        Ed25519Keys.toPem(OLD.getPrivate())))).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new RuntimeOptions(new JsonObject().put("plugins",
      new JsonObject().put("trust", new JsonObject().put("publicKeys", "one.pub")))).trust()).getMessage()
      .contains("plugins.trust.publicKeys must be a list"));
  }

  @Test
  void theEnvironmentReplacesTheKeysAndSetsRequireSigned() throws IOException {
    Path a = Files.writeString(dir.resolve("a.pub"), Ed25519Keys.toPem(OLD.getPublic()));
    Path b = Files.writeString(dir.resolve("b.pub"), Ed25519Keys.toPem(NEW.getPublic()));
    RuntimeOptions options = options(false, Ed25519Keys.toPem(STRANGER.getPublic()))
      .applyEnvironment(Map.of("DHII_TRUSTED_KEYS", a + ", " + b + ",", "DHII_REQUIRE_SIGNED", "TRUE"));
    assertEquals(new TrustOptions(true, List.of(a.toString(), b.toString())), options.trust());
    TrustPolicy policy = TrustPolicy.fromOptions(options);
    assertEquals(List.of(id(OLD), id(NEW)), policy.keys().stream().map(TrustPolicy.TrustedKey::id).toList());
    assertFalse(new RuntimeOptions().applyEnvironment(Map.of("DHII_REQUIRE_SIGNED", "false")).trust().requireSigned());
    assertEquals("DHII_REQUIRE_SIGNED must be true or false: yes", assertThrows(IllegalArgumentException.class,
      () -> new RuntimeOptions().applyEnvironment(Map.of("DHII_REQUIRE_SIGNED", "yes"))).getMessage());
    // the rest of the plugins block is left as it was
    assertEquals(new RuntimeOptions().plugins(), options.plugins());
  }

  @Test
  void eitherOfTwoTrustedKeysVerifies() throws UntrustedException {
    TrustPolicy policy = TrustPolicy.fromOptions(options(true, Ed25519Keys.toPem(OLD.getPublic()), Ed25519Keys.toPem(NEW.getPublic())));
    assertEquals(id(OLD), policy.verify("the bundle", SUMS, SignedSums.sign(OLD.getPrivate(), SUMS)).keyId());
    assertEquals(id(NEW), policy.verify("the bundle", SUMS, SignedSums.sign(NEW.getPrivate(), SUMS)).keyId());
  }

  @Test
  void unsignedIsRefusedOnlyUnderRequireSigned() throws UntrustedException {
    assertNull(TrustPolicy.fromOptions(options(false)).verify("the bundle", SUMS, null).keyId());
    assertEquals("the bundle is not signed (no SHA256SUMS.sig) and plugins.trust.requireSigned is on",
      assertThrows(UntrustedException.class, () -> TrustPolicy.fromOptions(options(true)).verify("the bundle", SUMS, null))
        .getMessage());
  }

  @Test
  void anUntrustedSignerIsRefusedByItsKeyIdWhateverRequireSignedSays() {
    for (boolean required : new boolean[] {false, true}) {
      TrustPolicy policy = TrustPolicy.fromOptions(options(required, Ed25519Keys.toPem(OLD.getPublic())));
      String reason = assertThrows(UntrustedException.class,
        () -> policy.verify("the bundle", SUMS, SignedSums.sign(STRANGER.getPrivate(), SUMS))).getMessage();
      assertEquals("the bundle is signed by key " + id(STRANGER) + " that is not trusted (trusted: [" + id(OLD)
        + "]; see plugins.trust.publicKeys or DHII_TRUSTED_KEYS)", reason);
    }
  }

  @Test
  void changedChecksumsOrSignatureAreRefusedAsTampered() {
    TrustPolicy policy = TrustPolicy.fromOptions(options(true, Ed25519Keys.toPem(OLD.getPublic())));
    byte[] signature = SignedSums.sign(OLD.getPrivate(), SUMS);
    byte[] sums = SUMS.clone();
    sums[3] = (byte) (sums[3] == 'a' ? 'b' : 'a');
    String tampered = "the signature does not verify with trusted key " + id(OLD)
      + ": SHA256SUMS or SHA256SUMS.sig was changed after signing";
    assertEquals(tampered, assertThrows(UntrustedException.class, () -> policy.verify("the bundle", sums, signature)).getMessage());
    String text = new String(signature, StandardCharsets.US_ASCII);
    int at = text.indexOf('\n') + 5;
    String flipped = text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1);
    assertEquals(tampered, assertThrows(UntrustedException.class,
      () -> policy.verify("the bundle", SUMS, flipped.getBytes(StandardCharsets.US_ASCII))).getMessage());
    assertTrue(assertThrows(UntrustedException.class, () -> policy.verify("the bundle", SUMS,
      "key-id: 0123456789abcdef\nnot a signature\n".getBytes(StandardCharsets.US_ASCII))).getMessage()
      .startsWith("malformed SHA256SUMS.sig"));
  }
}
