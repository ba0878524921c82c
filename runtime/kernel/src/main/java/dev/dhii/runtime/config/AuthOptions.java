package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

/**
 * How callers are authenticated, the {@code auth} section of conf/runtime.json: its {@code jwt} object
 * ({@link JwtOptions}, where the defaults are).
 */
public final class AuthOptions {

  private final JwtOptions jwt;

  /**
   * @param json the {@code auth} section
   * @throws IllegalArgumentException if a value is out of range
   */
  public AuthOptions(JsonObject json) {
    this.jwt = new JwtOptions(json.getJsonObject("jwt", new JsonObject()));
  }

  /** @return the bearer token settings (a copy: changing it changes nothing here) */
  public JwtOptions jwt() {
    return new JwtOptions(jwt);
  }

  /** @return the JSON form, with every key (including the secret: do not log it) */
  public JsonObject toJson() {
    return new JsonObject().put("jwt", jwt.toJson());
  }
}
