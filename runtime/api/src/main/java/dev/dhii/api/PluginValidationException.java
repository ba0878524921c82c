package dev.dhii.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The input is invalid ({@code PluginValidationError}, a bad request). Carries the violations, each
 * with the JSON pointer of the offending value; they are sent in {@code error.details.violations}.
 */
public class PluginValidationException extends PluginException {

  /**
   * One violation.
   *
   * @param pointer JSON pointer to the offending value ({@code ""} for the whole document)
   * @param message what is wrong with it
   */
  public record Violation(String pointer, String message) {
    /** @return {@code {"pointer","message"}} */
    public JsonObject toJson() {
      return new JsonObject().put("pointer", pointer).put("message", message);
    }
  }

  private final List<Violation> violations;

  /** @param message what is wrong */
  public PluginValidationException(String message) {
    this(message, List.of());
  }

  /** @param message what is wrong @param violations the individual violations */
  public PluginValidationException(String message, List<Violation> violations) {
    super(message, null, toDetails(violations));
    this.violations = List.copyOf(violations);
  }

  private static JsonObject toDetails(List<Violation> violations) {
    JsonArray array = new JsonArray();
    violations.forEach(v -> array.add(v.toJson()));
    return new JsonObject().put("violations", array);
  }

  /** @return the violations, possibly empty */
  public List<Violation> violations() {
    return violations;
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.VALIDATION;
  }
}
