package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.dispatch.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Base64;

/**
 * Checks JWT bearer tokens (vertx-auth-jwt): the signature with the configured key and algorithm, then
 * {@code exp} and {@code nbf} (with leeway), {@code iss}, {@code aud} and {@code sub}. The subject becomes
 * {@link Principal#userId()}; the roles come from a {@code roles} claim (an array of strings) and a
 * space-separated {@code scope}. Every refusal is a {@link PluginException} AUTHENTICATION saying why.
 * Thread-safe.
 */
public final class JwtAuthenticator implements Authenticator {

  private static final String BEARER = "bearer";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JwtAuthenticator.class);

  private final JwtOptions options;
  private final JWTAuth jwt;

  /**
   * @param vertx the Vert.x instance
   * @param options the algorithm, its key and the expected claims
   * @throws IllegalArgumentException if the options hold no key for their algorithm, or a key that cannot be read
   */
  public JwtAuthenticator(Vertx vertx, JwtOptions options) {
    this.options = new JwtOptions(options);
    this.jwt = JwtKeys.provider(vertx, this.options, new JWTOptions().setIgnoreExpiration(true));
  }

  @Override
  public Future<Principal> authenticate(String authorization) {
    String token;
    JsonObject claims;
    Future<?> verified;
    try {
      token = tokenOf(authorization);
      claims = decode(token);
      // the provider checks the signature (its claim checks are off): the claims are checked below, each
      // refusal with its own reason, on the payload whose signature it verified
      verified = jwt.authenticate(new TokenCredentials(token));
    } catch (PluginException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(refusal(e));
    }
    return verified
      .recover(failure -> Future.failedFuture(refusal(failure)))
      .map(user -> TokenClaims.check(claims, options, System.currentTimeMillis() / 1000));
  }

  private static String tokenOf(String authorization) {
    String value = authorization == null ? "" : authorization.trim();
    if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())
      && (value.length() == BEARER.length() || Character.isWhitespace(value.charAt(BEARER.length())))) {
      value = value.substring(BEARER.length()).trim();
    } else if (value.indexOf(' ') >= 0) {
      throw TokenClaims.refused("The Authorization header must be 'Bearer <token>'");
    }
    if (value.isEmpty()) {
      throw TokenClaims.refused("No bearer token was presented");
    }
    return value;
  }

  /** @return the payload; refuses what is not a signed JWT with the configured algorithm before any key is used */
  private JsonObject decode(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw TokenClaims.refused("Malformed bearer token: a JWT has three base64url parts separated by dots");
    }
    JsonObject header = part(parts[0], "header");
    JsonObject payload = part(parts[1], "payload");
    Object alg = header.getValue("alg");
    if (alg == null) {
      throw TokenClaims.refused("Malformed bearer token: its header names no algorithm (alg)");
    }
    if (!options.getAlgorithm().equals(alg)) {
      throw TokenClaims.refused("The token is signed with " + alg + "; this runtime accepts " + options.getAlgorithm()
        + " only");
    }
    if (parts[2].isEmpty()) {
      throw TokenClaims.refused("The token is not signed");
    }
    if (header.containsKey("crit")) {
      // RFC 7515 §4.1.11: an extension marked critical that the recipient does not understand voids the token;
      // this runtime understands none
      throw TokenClaims.refused("The token's header marks extensions critical (crit) that this runtime does not"
        + " support");
    }
    TokenClaims.checkTypes(payload);
    return payload;
  }

  private static JsonObject part(String base64, String name) {
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(base64), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw TokenClaims.refused("Malformed bearer token: its " + name + " is not base64url-encoded JSON");
    }
  }

  private static PluginException refusal(Throwable failure) {
    if (failure instanceof PluginException ke) {
      return ke;
    }
    if (failure instanceof SignatureException || failure.getCause() instanceof SignatureException) {
      return TokenClaims.refused("The token's signature is not valid");
    }
    LOG.debug("bearer token refused by the JWT provider: {}", failure.toString());
    return TokenClaims.refused("The token was refused: it cannot be verified");
  }

  /** @return the settings tokens are checked against */
  public JwtOptions options() {
    return new JwtOptions(options);
  }
}
