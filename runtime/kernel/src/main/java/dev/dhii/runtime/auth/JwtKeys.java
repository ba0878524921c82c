package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/** Builds the vertx-auth-jwt provider of a {@link JwtOptions}' key, with a clear error for a missing or unreadable key. */
final class JwtKeys {

  private JwtKeys() {
  }

  static JWTAuth provider(Vertx vertx, JwtOptions options, JWTOptions jwtOptions) {
    String key = options.verificationKey();
    if (key == null) {
      throw new IllegalArgumentException("No key for " + options.getAlgorithm() + ": set "
        + (options.isSymmetric() ? "auth.jwt.secret or DHII_JWT_SECRET" : "auth.jwt.publicKey or DHII_JWT_PUBLIC_KEY"));
    }
    try {
      return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(options.getAlgorithm()).setBuffer(key))
        .setJWTOptions(jwtOptions.setAlgorithm(options.getAlgorithm())));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("The JWT " + (options.isSymmetric() ? "secret" : "public key") + " cannot be used for "
        + options.getAlgorithm() + ": " + e.getMessage(), e);
    }
  }
}
