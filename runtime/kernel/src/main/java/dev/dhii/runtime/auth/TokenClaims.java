package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.dispatch.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** The checks on a verified token's claims, each refusal with its own reason, and the principal they name. */
final class TokenClaims {

  /** The latest time claim accepted: 9999-12-31T23:59:59Z, in seconds since the epoch. */
  static final long MAX_SECONDS = 253_402_300_799L;

  private TokenClaims() {
  }

  /**
   * @param claims the token's payload, its signature already verified
   * @param options the expected issuer, audience and leeway
   * @param nowSeconds the current time in seconds since the epoch
   * @return the principal: {@code sub} and the roles of {@code roles} and {@code scope}
   * @throws PluginException AUTHENTICATION naming the first claim that does not hold
   */
  static Principal check(JsonObject claims, JwtOptions options, long nowSeconds) {
    int leeway = options.getLeewaySeconds();
    Long exp = seconds(claims, "exp");
    if (exp == null) {
      // a token that never expires cannot be withdrawn short of changing the key
      throw refused("The token has no expiry (exp)");
    }
    if (nowSeconds > exp + leeway) {
      throw refused("The token expired at " + Instant.ofEpochSecond(exp));
    }
    Long nbf = seconds(claims, "nbf");
    if (nbf != null && nowSeconds + leeway < nbf) {
      throw refused("The token is not valid before " + Instant.ofEpochSecond(nbf));
    }
    Long iat = seconds(claims, "iat");
    if (iat != null && nowSeconds + leeway < iat) {
      throw refused("The token claims to be issued in the future, at " + Instant.ofEpochSecond(iat));
    }
    if (options.getIssuer() != null && !options.getIssuer().equals(claims.getValue("iss"))) {
      throw refused("The token's issuer is " + quoted(claims.getValue("iss")) + "; expected " + quoted(options.getIssuer()));
    }
    if (options.getAudience() != null && !audiences(claims).contains(options.getAudience())) {
      throw refused("The token's audience does not include " + quoted(options.getAudience()));
    }
    Object sub = claims.getValue("sub");
    if (!(sub instanceof String subject) || subject.isBlank()) {
      throw refused("The token has no subject (sub)");
    }
    return new Principal(subject, roles(claims), Instant.ofEpochSecond(exp + leeway));
  }

  /**
   * @param claims a token's payload
   * @throws PluginException AUTHENTICATION if a time claim ({@code exp}, {@code nbf}, {@code iat}) is not a number
   */
  static void checkTypes(JsonObject claims) {
    seconds(claims, "exp");
    seconds(claims, "nbf");
    seconds(claims, "iat");
  }

  private static Long seconds(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n)) {
      throw refused("Malformed bearer token: the " + name + " claim must be a number of seconds");
    }
    double seconds = n.doubleValue();
    if (!(seconds >= 0 && seconds <= MAX_SECONDS)) {
      throw refused("Malformed bearer token: the " + name + " claim must be a number of seconds between 0 and "
        + MAX_SECONDS + " (the year 9999)");
    }
    return (long) Math.floor(seconds);
  }

  private static Set<Object> audiences(JsonObject claims) {
    Object aud = claims.getValue("aud");
    if (aud instanceof JsonArray list) {
      return new LinkedHashSet<>(list.getList());
    }
    return aud == null ? Set.of() : Set.of(aud);
  }

  private static Set<String> roles(JsonObject claims) {
    Set<String> roles = new LinkedHashSet<>();
    Object list = claims.getValue("roles");
    if (list != null) {
      if (!(list instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
        throw refused("Malformed bearer token: the roles claim must be an array of strings");
      }
      array.forEach(role -> roles.add((String) role));
    }
    Object scope = claims.getValue("scope");
    if (scope != null) {
      if (!(scope instanceof String text)) {
        throw refused("Malformed bearer token: the scope claim must be a space-separated string");
      }
      for (String role : text.trim().split("\\s+")) {
        if (!role.isEmpty()) {
          roles.add(role);
        }
      }
    }
    return roles;
  }

  private static String quoted(Object value) {
    return value == null ? "missing" : "'" + value + "'";
  }

  static PluginException refused(String reason) {
    return PluginException.of(ErrorCode.AUTHENTICATION, reason);
  }
}
