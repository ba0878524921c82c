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

  /**
   * A failure with the given code: how the kernel fails a call itself (unknown capability, deadline, a bad
   * input, ...), and how a plugin fails one with a code that has no exception type of its own. Stackless: it is
   * a result, not a bug.
   *
   * @param code the wire code
   * @param message what happened, shown to the caller
   * @return the exception
   */
  public static PluginException of(ErrorCode code, String message) {
    return new Coded(code, message, null);
  }

  /**
   * @param code the wire code
   * @param message what happened, shown to the caller
   * @param details extra JSON sent to the caller in {@code error.details}, may be {@code null}
   * @return the exception, as {@link #of(ErrorCode, String)}
   */
  public static PluginException of(ErrorCode code, String message, JsonObject details) {
    return new Coded(code, message, details);
  }

  /** @return the wire error code of this exception */
  public ErrorCode code() {
    return ErrorCode.INTERNAL;
  }

  /** @return extra JSON for {@code error.details}, never {@code null} */
  public JsonObject details() {
    return details;
  }

  /** A failure whose code is given rather than implied by its type. */
  private static final class Coded extends PluginException {
    private final ErrorCode code;

    Coded(ErrorCode code, String message, JsonObject details) {
      super(message, null, details);
      this.code = code;
    }

    @Override
    public ErrorCode code() {
      return code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // decided, not thrown by a bug: the stack says nothing useful and costs on the hot path
    }
  }
}
