package dev.dhii.api;

import io.vertx.core.json.JsonObject;

/**
 * The root of the plugin exception hierarchy ({@code PluginError} on the wire). A plugin fails a call
 * by throwing one of these or failing its Future with one; any other throwable is reported as
 * {@link ErrorCode#INTERNAL}.
 */
public class PluginException extends RuntimeException {

  private final transient JsonObject details;

  /** @param message what went wrong, shown to the caller */
  public PluginException(String message) {
    this(message, null, null);
  }

  /** @param message what went wrong, shown to the caller
   *  @param cause the underlying failure (logged, not sent) */
  public PluginException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /**
   * @param message what went wrong, shown to the caller
   * @param cause the underlying failure (logged, not sent), may be {@code null}
   * @param details extra JSON sent to the caller in {@code error.details}, may be {@code null}
   */
  public PluginException(String message, Throwable cause, JsonObject details) {
    super(message, cause);
    this.details = details == null ? new JsonObject() : details;
  }

  /** @return the wire error code of this exception */
  public ErrorCode code() {
    return ErrorCode.INTERNAL;
  }

  /** @return extra JSON for {@code error.details}, never {@code null} */
  public JsonObject details() {
    return details;
  }
}
