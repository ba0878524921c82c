package dev.dhii.api;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * A plugin's health as reported by {@link Plugin#healthCheck()}.
 *
 * @param status UP, DEGRADED or DOWN
 * @param message a short human-readable explanation, may be empty
 * @param details extra JSON-compatible facts (connection state, queue sizes, ...)
 */
public record HealthStatus(Status status, String message, Map<String, Object> details) {

  /** The three health levels. */
  public enum Status {
    /** Fully working. */
    UP,
    /** Working, but with reduced capacity or quality (e.g. a circuit breaker is open). */
    DEGRADED,
    /** Not working. */
    DOWN
  }

  /** Creates a status; {@code message} and {@code details} default to empty. */
  public HealthStatus {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** @return an UP status with no message */
  public static HealthStatus up() {
    return new HealthStatus(Status.UP, "", Map.of());
  }

  /** @param message why the plugin is degraded
   *  @return a DEGRADED status */
  public static HealthStatus degraded(String message) {
    return new HealthStatus(Status.DEGRADED, message, Map.of());
  }

  /** @param message why the plugin is down
   *  @return a DOWN status */
  public static HealthStatus down(String message) {
    return new HealthStatus(Status.DOWN, message, Map.of());
  }

  /** @param details the details to attach
   *  @return a copy of this status with the given details */
  public HealthStatus withDetails(Map<String, Object> details) {
    return new HealthStatus(status, message, details);
  }

  /** @return the JSON form {@code {"status","message","details"}} */
  public JsonObject toJson() {
    return new JsonObject().put("status", status.name()).put("message", message).put("details", new JsonObject(Map.copyOf(details)));
  }
}
