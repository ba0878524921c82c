package dev.dhii.runtime.auth;

import dev.dhii.runtime.dispatch.Authenticator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the read-only listings and health show to whom (DESIGN §8, "Secure by default"): a caller with a
 * valid bearer token (any role) sees everything; an anonymous caller sees ids, versions, states and
 * capabilities, but no failure causes, messages or details and no file paths, which can carry internals.
 */
public final class Disclosure {

  /** Keys of a plugin entry, a rejected manifest or a health check's data that anonymous callers do not get. */
  private static final List<String> PRIVATE = List.of("cause", "message", "details", "error", "file", "reason",
    "problems", "directory");

  private Disclosure() {
  }

  /**
   * @param authenticator the runtime's token checks
   * @param authorization the request's {@code Authorization} header, or null
   * @return true for a valid token; false for none or a refused one (the listing is then redacted, not refused)
   */
  public static Future<Boolean> full(Authenticator authenticator, String authorization) {
    if (authorization == null || !authenticator.configured()) {
      return Future.succeededFuture(false);
    }
    return authenticator.authenticate(authorization).map(p -> true).otherwise(false);
  }

  /**
   * @param listing {@code {"plugins": [...], "rejected": [...]}}, a single plugin, or a health body
   * @return a redacted copy for anonymous callers
   */
  public static JsonObject anonymous(JsonObject listing) {
    JsonObject copy = listing.copy();
    strip(copy);
    for (String list : List.of("plugins", "rejected", "checks")) {
      if (copy.getValue(list) instanceof JsonArray items) {
        for (Object item : items) {
          if (item instanceof JsonObject entry) {
            strip(entry);
            if (entry.getValue("data") instanceof JsonObject data) {
              strip(data);
            }
          }
        }
      }
    }
    return copy;
  }

  private static void strip(JsonObject entry) {
    PRIVATE.forEach(entry::remove);
  }
}
