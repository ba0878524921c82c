package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.Authenticator;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the runtime's {@link Authenticator} from its configuration, at boot. */
public final class Authenticators {

  private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

  private Authenticators() {
  }

  /**
   * @param vertx the Vert.x instance
   * @param options the runtime's settings ({@code auth.jwt}, after the environment)
   * @return a {@link JwtAuthenticator}, or {@link Authenticator#none()} when no key is configured
   * @throws IllegalArgumentException for a secret that is too short, an unreadable key, or a key that does not
   *                                  fit the algorithm
   */
  public static Authenticator fromOptions(Vertx vertx, RuntimeOptions options) {
    JwtOptions jwt = jwtOptions(options);
    if (jwt.verificationKey() == null) {
      if (jwt.getSecret() != null || jwt.getPublicKey() != null) {
        throw new IllegalArgumentException("auth.jwt.algorithm is " + jwt.getAlgorithm() + " but only a "
          + (jwt.getSecret() != null ? "secret" : "public key") + " is configured: set auth.jwt.algorithm"
          + " (or DHII_JWT_ALGORITHM) to " + (jwt.getSecret() != null ? "HS256" : "RS256 or ES256"));
      }
      LOG.warn("No JWT key configured: bearer tokens are refused, only anonymous capabilities can be called and the"
        + " admin routes refuse every request");
      return Authenticator.none();
    }
    return new JwtAuthenticator(vertx, jwt);
  }

  /**
   * @param options the runtime's settings
   * @return its {@code auth.jwt} settings; with no key at all and an {@code HS*} algorithm, the secret
   *         generated in the data directory ({@link GeneratedSecret}): no runtime runs without a key
   * @throws IllegalArgumentException if a value is out of range
   */
  public static JwtOptions jwtOptions(RuntimeOptions options) {
    JwtOptions jwt = options.auth().jwt();
    if (jwt.isSymmetric() && jwt.getSecret() == null && jwt.getPublicKey() == null) {
      jwt.setSecret(GeneratedSecret.loadOrCreate(options.dataDirectory()));
    }
    return jwt;
  }
}
