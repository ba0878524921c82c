package dev.dhii.runtime.trust;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ed25519 keys: PEM both ways, the key id, the public key of a private key, and what is not a key. */
class Ed25519KeysTest {

  @Test
  void aKeyPairSurvivesPemBothWays() {
    KeyPair pair = Ed25519Keys.generate();
    String privatePem = Ed25519Keys.toPem(pair.getPrivate());
    String publicPem = Ed25519Keys.toPem(pair.getPublic());
    assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n") && privatePem.endsWith("-----END PRIVATE KEY-----\n"), privatePem);
    assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n") && publicPem.endsWith("-----END PUBLIC KEY-----\n"), publicPem);
    assertArrayEquals(pair.getPrivate().getEncoded(), Ed25519Keys.readPrivate(privatePem).getEncoded());
    assertArrayEquals(pair.getPublic().getEncoded(), Ed25519Keys.readPublic(publicPem).getEncoded());
    // a PEM among other text (comments, CRLF line ends) still reads
    String framed = "# the release key\r\n" + publicPem.replace("\n", "\r\n") + "trailing\n";
    assertArrayEquals(pair.getPublic().getEncoded(), Ed25519Keys.readPublic(framed).getEncoded());
  }

  @Test
  void theKeyIdIsSixteenHexOfTheSha256OfThePublicKey() {
    KeyPair pair = Ed25519Keys.generate();
    String id = Ed25519Keys.keyId(pair.getPublic());
    assertTrue(id.matches("[0-9a-f]{16}"), id);
    assertEquals(SignedSums.sha256(pair.getPublic().getEncoded()).substring(0, 16), id);
    assertEquals(id, Ed25519Keys.keyId(Ed25519Keys.readPublic(Ed25519Keys.toPem(pair.getPublic()))));
    assertNotEquals(id, Ed25519Keys.keyId(Ed25519Keys.generate().getPublic()));
  }

  @Test
  void thePublicKeyOfAPrivateKeyIsItsPair() {
    for (int i = 0; i < 5; i++) {
      KeyPair pair = Ed25519Keys.generate();
      PublicKey derived = Ed25519Keys.publicKey(Ed25519Keys.readPrivate(Ed25519Keys.toPem(pair.getPrivate())));
      assertArrayEquals(pair.getPublic().getEncoded(), derived.getEncoded());
    }
  }

  @Test
  void whatIsNotAnEd25519KeyIsRefusedWithAReason() {
    KeyPair pair = Ed25519Keys.generate();
    assertEquals("no -----BEGIN PUBLIC KEY----- block",
      assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.readPublic("hello")).getMessage());
    assertEquals("no -----BEGIN PRIVATE KEY----- block", assertThrows(IllegalArgumentException.class,
      () -> Ed25519Keys.readPrivate(Ed25519Keys.toPem(pair.getPublic()))).getMessage());
    String garbled = "-----BEGIN PUBLIC KEY-----\nAAAAAAAAAAAAAAAA\n-----END PUBLIC KEY-----\n";
    assertEquals("not an Ed25519 public key (X.509 PEM)",
      assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.readPublic(garbled)).getMessage());
    // a private key's bytes in a PUBLIC KEY block
    String swapped = Ed25519Keys.toPem(pair.getPrivate()).replace("PRIVATE", "PUBLIC");
    assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.readPublic(swapped));
  }

  @Test
  void signaturesVerifyOnlyForTheExactBytesAndTheSigner() {
    KeyPair pair = Ed25519Keys.generate();
    byte[] sums = "0000000000000000000000000000000000000000000000000000000000000000  manifest.json\n"
      .getBytes(StandardCharsets.UTF_8);
    SignedSums.Parsed parsed = SignedSums.parseSignature(SignedSums.sign(pair.getPrivate(), sums));
    assertEquals(Ed25519Keys.keyId(pair.getPublic()), parsed.claimedKeyId());
    assertTrue(SignedSums.verifies(pair.getPublic(), sums, parsed.signature()));
    byte[] changed = sums.clone();
    changed[0] = '1';
    assertTrue(!SignedSums.verifies(pair.getPublic(), changed, parsed.signature()));
    assertTrue(!SignedSums.verifies(Ed25519Keys.generate().getPublic(), sums, parsed.signature()));
    // Ed25519 is deterministic: the same key and bytes give the same file
    assertArrayEquals(SignedSums.sign(pair.getPrivate(), sums), SignedSums.sign(pair.getPrivate(), sums));
  }

  @Test
  void aMalformedSignatureFileIsRefusedWithAReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SignedSums.parseSignature("key-id: 0123456789abcdef\n!!!\n"
      .getBytes(StandardCharsets.US_ASCII))).getMessage().contains("not base64"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SignedSums.parseSignature("AAAA\n"
      .getBytes(StandardCharsets.US_ASCII))).getMessage().contains("64 bytes, this one 3"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SignedSums.parseSignature(new byte[0]))
      .getMessage().startsWith("malformed SHA256SUMS.sig"));
  }
}
