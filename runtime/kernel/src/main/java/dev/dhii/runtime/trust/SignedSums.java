package dev.dhii.runtime.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's checksum manifest and its signature. {@code SHA256SUMS} is in {@code sha256sum}'s format,
 * {@code <hex>  <path>} per line; {@code SHA256SUMS.sig} is one line {@code key-id: <16 hex>} (which key signed,
 * for messages only: it is not trusted) and one line of base64, the Ed25519 signature of the exact bytes of
 * {@code SHA256SUMS}.
 */
public final class SignedSums {

  /** The checksum manifest's file name. */
  public static final String FILE = "SHA256SUMS";
  /** The signature's file name. */
  public static final String SIGNATURE_FILE = "SHA256SUMS.sig";
  private static final String KEY_ID = "key-id: ";
  private static final int SIGNATURE_BYTES = 64;

  private SignedSums() {
  }

  /**
   * @param claimedKeyId the key id the file names (null when it names none)
   * @param signature the 64 bytes of the signature
   */
  public record Parsed(String claimedKeyId, byte[] signature) {
  }

  /** @param bytes data @return the hex SHA-256 of {@code bytes} */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** @return a new SHA-256 digest */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * @param text the content of {@code SHA256SUMS}
   * @return path to hex digest, in file order
   * @throws IllegalArgumentException for a malformed line or a path listed twice
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> sums = new LinkedHashMap<>();
    int number = 0;
    for (String line : text.split("\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      // sha256sum writes "<hex>  <path>", or "<hex> *<path>" in binary mode
      if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-fA-F]{64}") || line.charAt(64) != ' '
        || (line.charAt(65) != ' ' && line.charAt(65) != '*')) {
        throw new IllegalArgumentException(FILE + " line " + number + " is not \"<sha256>  <path>\"");
      }
      String path = line.substring(66);
      if (sums.put(path, line.substring(0, 64).toLowerCase()) != null) {
        throw new IllegalArgumentException(FILE + " lists " + path + " twice");
      }
    }
    return sums;
  }

  /**
   * @param key the signer's private key
   * @param sums the exact bytes of {@code SHA256SUMS}
   * @return the content of {@code SHA256SUMS.sig}
   */
  public static byte[] sign(PrivateKey key, byte[] sums) {
    try {
      Signature signer = Signature.getInstance(Ed25519Keys.ALGORITHM);
      signer.initSign(key);
      signer.update(sums);
      String text = KEY_ID + Ed25519Keys.keyId(Ed25519Keys.publicKey(key)) + "\n"
        + Base64.getEncoder().encodeToString(signer.sign()) + "\n";
      return text.getBytes(StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /**
   * @param file the content of {@code SHA256SUMS.sig}
   * @return the key id it claims and the signature
   * @throws IllegalArgumentException if it is not a key id line and one line of base64 of 64 bytes
   */
  public static Parsed parseSignature(byte[] file) {
    List<String> lines = new String(file, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String claimed = null;
    if (!lines.isEmpty() && lines.get(0).startsWith(KEY_ID)) {
      claimed = lines.get(0).substring(KEY_ID.length()).strip();
      lines = lines.subList(1, lines.size());
    }
    if (lines.size() != 1 || (claimed != null && !claimed.matches("[0-9a-f]{16}"))) {
      throw new IllegalArgumentException("malformed " + SIGNATURE_FILE + ": expected a key-id line and one line of base64");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(lines.get(0));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed " + SIGNATURE_FILE + ": the signature is not base64");
    }
    if (signature.length != SIGNATURE_BYTES) {
      throw new IllegalArgumentException("malformed " + SIGNATURE_FILE + ": an Ed25519 signature is " + SIGNATURE_BYTES
        + " bytes, this one " + signature.length);
    }
    return new Parsed(claimed, signature);
  }

  /** @return whether {@code signature} is {@code key}'s signature of {@code sums} */
  static boolean verifies(PublicKey key, byte[] sums, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(Ed25519Keys.ALGORITHM);
      verifier.initVerify(key);
      verifier.update(sums);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
