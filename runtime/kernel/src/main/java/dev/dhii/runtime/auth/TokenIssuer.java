package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.time.Duration;
import java.util.Collection;

/**
 * Signs development tokens with the runtime's own HMAC secret ({@code dhii token}): {@code sub},
 * {@code roles}, {@code iat}, {@code exp}, and the configured {@code iss} and {@code aud}, so that a
 * {@link JwtAuthenticator} with the same options accepts them. Tokens of an {@code RS*}/{@code ES*}
 * deployment come from its identity provider: the runtime holds only the public key.
 */
public final class TokenIssuer {

  private final JwtOptions options;
  private final JWTAuth jwt;

  /**
   * @param vertx the Vert.x instance
   * @param options an {@code HS*} algorithm and its secret, the issuer and audience to name
   * @throws IllegalArgumentException if the algorithm is not {@code HS*} or no secret is configured
   */
  public TokenIssuer(Vertx vertx, JwtOptions options) {
    if (!options.isSymmetric()) {
      throw new IllegalArgumentException("Tokens can be signed only with an HMAC secret (HS256, HS384, HS512); the"
        + " runtime is configured for " + options.getAlgorithm() + " with a public key: use your identity provider");
    }
    if (options.getSecret() == null) {
      throw new IllegalArgumentException("No JWT secret is configured: set DHII_JWT_SECRET or auth.jwt.secret");
    }
    this.options = new JwtOptions(options);
    this.jwt = JwtKeys.provider(vertx, this.options, new JWTOptions());
  }

  /**
   * @param subject the user id ({@code sub})
   * @param roles the roles ({@code roles} claim; omitted when empty)
   * @param ttl how long the token is valid, at least a second
   * @return the signed token (compact JWS)
   */
  public String issue(String subject, Collection<String> roles, Duration ttl) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("A token needs a subject");
    }
    if (ttl.getSeconds() < 1 || ttl.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("The time to live must be between 1 second and 68 years: " + ttl);
    }
    JsonObject claims = new JsonObject().put("sub", subject);
    if (!roles.isEmpty()) {
      claims.put("roles", new JsonArray(roles.stream().distinct().toList()));
    }
    JWTOptions sign = new JWTOptions().setAlgorithm(options.getAlgorithm()).setExpiresInSeconds((int) ttl.getSeconds());
    if (options.getIssuer() != null) {
      sign.setIssuer(options.getIssuer());
    }
    if (options.getAudience() != null) {
      sign.addAudience(options.getAudience());
    }
    return jwt.generateToken(claims, sign);
  }
}
