package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Settings of bearer token checks, the {@code auth.jwt} object of {@code conf/runtime.json}:
 * <pre>{ "algorithm": "HS256", "secret": null, "publicKey": null, "issuer": "dhii", "audience": "dhii",
 *   "leewaySeconds": 5 }</pre>
 * An {@code HS*} algorithm verifies with the shared {@code secret} (at least {@value #MIN_SECRET_BYTES}
 * bytes); {@code RS*} and {@code ES*} verify with {@code publicKey}, a PEM public key. Without the key its
 * algorithm needs, no token is accepted. A null issuer or audience is not checked.
 */
public class JwtOptions {

  /** Default signature algorithm: HS256. */
  public static final String DEFAULT_ALGORITHM = "HS256";
  /** Default expected issuer ({@code iss}): dhii. */
  public static final String DEFAULT_ISSUER = "dhii";
  /** Default expected audience ({@code aud}): dhii. */
  public static final String DEFAULT_AUDIENCE = "dhii";
  /** Default clock skew tolerated on {@code exp} and {@code nbf}: 5 seconds. */
  public static final int DEFAULT_LEEWAY_SECONDS = 5;
  /** The shortest HMAC secret accepted: 32 bytes (256 bits). */
  public static final int MIN_SECRET_BYTES = 32;
  /** The algorithms accepted. */
  public static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
    "ES256", "ES384", "ES512");

  private String algorithm = DEFAULT_ALGORITHM;
  private String secret;
  private String publicKey;
  private String issuer = DEFAULT_ISSUER;
  private String audience = DEFAULT_AUDIENCE;
  private int leewaySeconds = DEFAULT_LEEWAY_SECONDS;

  /** Options with every default (and no key: every token is refused). */
  public JwtOptions() {
  }

  /** @param other options to copy */
  public JwtOptions(JwtOptions other) {
    this.algorithm = other.algorithm;
    this.secret = other.secret;
    this.publicKey = other.publicKey;
    this.issuer = other.issuer;
    this.audience = other.audience;
    this.leewaySeconds = other.leewaySeconds;
  }

  /**
   * @param json the {@code auth.jwt} object; absent keys keep their defaults, an explicit null issuer or
   *             audience turns that check off
   * @throws IllegalArgumentException if a value is out of range
   */
  public JwtOptions(JsonObject json) {
    this();
    if (json.getValue("algorithm") != null) {
      setAlgorithm(json.getString("algorithm"));
    }
    setSecret(json.getString("secret"));
    setPublicKey(json.getString("publicKey"));
    if (json.containsKey("issuer")) {
      setIssuer(json.getString("issuer"));
    }
    if (json.containsKey("audience")) {
      setAudience(json.getString("audience"));
    }
    if (json.getValue("leewaySeconds") != null) {
      setLeewaySeconds(json.getInteger("leewaySeconds"));
    }
  }

  /** @return the JSON form, with every key (including the secret: do not log it) */
  public JsonObject toJson() {
    return new JsonObject().put("algorithm", algorithm).put("secret", secret).put("publicKey", publicKey)
      .put("issuer", issuer).put("audience", audience).put("leewaySeconds", leewaySeconds);
  }

  /** @return the signature algorithm tokens must use */
  public String getAlgorithm() {
    return algorithm;
  }

  /**
   * @param algorithm one of {@link #ALGORITHMS}
   * @return this
   */
  public JwtOptions setAlgorithm(String algorithm) {
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("auth.jwt.algorithm must be one of " + ALGORITHMS.stream().sorted().toList()
        + ": " + algorithm);
    }
    this.algorithm = algorithm;
    return this;
  }

  /** @return the HMAC secret, or null */
  public String getSecret() {
    return secret;
  }

  /**
   * @param secret the HMAC secret of the {@code HS*} algorithms, at least {@value #MIN_SECRET_BYTES} bytes
   *               in UTF-8, or null for none
   * @return this
   */
  public JwtOptions setSecret(String secret) {
    if (secret != null) {
      int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
      if (bytes < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("The JWT secret (auth.jwt.secret or DHII_JWT_SECRET) is " + bytes
          + " bytes long; it must have at least " + MIN_SECRET_BYTES + " (e.g. openssl rand -base64 48)");
      }
    }
    this.secret = secret;
    return this;
  }

  /** @return the PEM public key, or null */
  public String getPublicKey() {
    return publicKey;
  }

  /**
   * @param publicKey the PEM public key ({@code -----BEGIN PUBLIC KEY-----}) of the {@code RS*} and
   *                  {@code ES*} algorithms, or null for none
   * @return this
   */
  public JwtOptions setPublicKey(String publicKey) {
    if (publicKey != null && !publicKey.contains("-----BEGIN PUBLIC KEY-----")) {
      throw new IllegalArgumentException("The JWT public key (auth.jwt.publicKey or DHII_JWT_PUBLIC_KEY) must be"
        + " a PEM public key starting with -----BEGIN PUBLIC KEY-----");
    }
    this.publicKey = publicKey;
    return this;
  }

  /** @return the issuer ({@code iss}) tokens must name, or null to accept any */
  public String getIssuer() {
    return issuer;
  }

  /**
   * @param issuer the issuer tokens must name, or null to accept any
   * @return this
   */
  public JwtOptions setIssuer(String issuer) {
    this.issuer = issuer;
    return this;
  }

  /** @return the audience ({@code aud}) tokens must include, or null to accept any */
  public String getAudience() {
    return audience;
  }

  /**
   * @param audience the audience tokens must include, or null to accept any
   * @return this
   */
  public JwtOptions setAudience(String audience) {
    this.audience = audience;
    return this;
  }

  /** @return the clock skew tolerated on {@code exp} and {@code nbf}, in seconds */
  public int getLeewaySeconds() {
    return leewaySeconds;
  }

  /**
   * @param leewaySeconds 0 to 300
   * @return this
   */
  public JwtOptions setLeewaySeconds(int leewaySeconds) {
    if (leewaySeconds < 0 || leewaySeconds > 300) {
      throw new IllegalArgumentException("auth.jwt.leewaySeconds must be 0-300: " + leewaySeconds);
    }
    this.leewaySeconds = leewaySeconds;
    return this;
  }

  /** @return whether the algorithm is an HMAC one ({@code HS*}), verified with the secret */
  public boolean isSymmetric() {
    return algorithm.startsWith("HS");
  }

  /** @return the key the algorithm verifies with (the secret or the public key), or null when it has none */
  public String verificationKey() {
    return isSymmetric() ? secret : publicKey;
  }

  @Override
  public String toString() {
    return "JwtOptions{algorithm=" + algorithm + ", secret=" + (secret == null ? "none" : "***") + ", publicKey="
      + (publicKey == null ? "none" : "PEM") + ", issuer=" + issuer + ", audience=" + audience
      + ", leewaySeconds=" + leewaySeconds + "}";
  }
}
