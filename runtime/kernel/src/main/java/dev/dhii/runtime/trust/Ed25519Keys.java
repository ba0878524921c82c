package dev.dhii.runtime.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys with the JDK's own implementation: generation, PEM (PKCS#8 {@code PRIVATE KEY}, X.509
 * SubjectPublicKeyInfo {@code PUBLIC KEY}) and the key id, the first 16 hex digits of the SHA-256 of the public
 * key's X.509 encoding.
 */
public final class Ed25519Keys {

  /** The algorithm name of the JDK's KeyPairGenerator, KeyFactory and Signature. */
  public static final String ALGORITHM = "Ed25519";
  static final String PRIVATE = "PRIVATE KEY";
  static final String PUBLIC = "PUBLIC KEY";
  /** PKCS#8 v1 of an Ed25519 key: this fixed prefix, then the 32 bytes of the private key. */
  private static final int SEED_BYTES = 32;

  private Ed25519Keys() {
  }

  /** @return a new key pair */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** @param key a public key @return its id: 16 hex digits of the SHA-256 of its X.509 encoding */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** @param key a private key @return its PKCS#8 PEM */
  public static String toPem(PrivateKey key) {
    return pem(PRIVATE, key.getEncoded());
  }

  /** @param key a public key @return its X.509 SubjectPublicKeyInfo PEM */
  public static String toPem(PublicKey key) {
    return pem(PUBLIC, key.getEncoded());
  }

  /**
   * @param pem text holding a {@code -----BEGIN PRIVATE KEY-----} block
   * @return the Ed25519 private key
   * @throws IllegalArgumentException if there is no such block or it is not an Ed25519 key
   */
  public static PrivateKey readPrivate(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(block(pem, PRIVATE)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not an Ed25519 private key (PKCS#8 PEM)");
    }
  }

  /**
   * @param pem text holding a {@code -----BEGIN PUBLIC KEY-----} block
   * @return the Ed25519 public key
   * @throws IllegalArgumentException if there is no such block or it is not an Ed25519 key
   */
  public static PublicKey readPublic(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(block(pem, PUBLIC)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not an Ed25519 public key (X.509 PEM)");
    }
  }

  /**
   * The public key of a private key: the JDK derives it when generating from the private key's 32 bytes.
   *
   * @param key an Ed25519 private key
   * @return its public key
   */
  public static PublicKey publicKey(PrivateKey key) {
    byte[] encoded = key.getEncoded();
    byte[] seed = Arrays.copyOfRange(encoded, encoded.length - SEED_BYTES, encoded.length);
    SecureRandom fixed = new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
      }
    };
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, fixed);
      KeyPair pair = generator.generateKeyPair();
      if (!Arrays.equals(pair.getPrivate().getEncoded(), encoded)) {
        throw new IllegalArgumentException("not a PKCS#8 v1 Ed25519 private key");
      }
      return pair.getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[] block(String pem, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int start = pem.indexOf(begin);
    int stop = start < 0 ? -1 : pem.indexOf(end, start);
    if (stop < 0) {
      throw new IllegalArgumentException("no " + begin + " block");
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop).trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + type + " block is not base64");
    }
  }
}
