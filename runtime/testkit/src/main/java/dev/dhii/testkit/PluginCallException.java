package dev.dhii.testkit;

import io.vertx.core.json.JsonObject;

/**
 * A failed call, as its caller sees it: the error code of DESIGN.md section 7 ({@code VALIDATION},
 * {@code NOT_FOUND}, {@code TIMEOUT}, {@code INTERNAL}...) and its message.
 */
public final class PluginCallException extends RuntimeException {

  private final String code;
  private final String errorMessage;
  private final JsonObject details;

  /**
   * @param code the error code
   * @param message the error's message
   * @param details the error's details (e.g. the schema violations of a VALIDATION error), or null
   */
  public PluginCallException(String code, String message, JsonObject details) {
    super(code + ": " + message, null, false, false);
    this.code = code;
    this.errorMessage = message;
    this.details = details == null ? new JsonObject() : details.copy();
  }

  /** @return the error code, e.g. {@code VALIDATION} */
  public String code() {
    return code;
  }

  /** @return the error's message (without the code) */
  public String errorMessage() {
    return errorMessage;
  }

  /** @return the error's details, empty when it has none */
  public JsonObject details() {
    return details.copy();
  }
}
