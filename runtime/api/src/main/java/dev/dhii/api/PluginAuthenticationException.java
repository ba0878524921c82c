package dev.dhii.api;

/**
 * The call lacks valid credentials, or the plugin's own credentials to a remote service were refused
 * ({@code PluginAuthenticationError}): the user must act.
 */
public class PluginAuthenticationException extends PluginException {

  private final boolean forbidden;

  /** @param message what was refused */
  public PluginAuthenticationException(String message) {
    this(message, false);
  }

  /**
   * @param message what was refused
   * @param forbidden {@code true} when the caller is known but lacks the right ({@code FORBIDDEN}, 403),
   *                  {@code false} when it is not authenticated ({@code AUTHENTICATION}, 401)
   */
  public PluginAuthenticationException(String message, boolean forbidden) {
    super(message);
    this.forbidden = forbidden;
  }

  @Override
  public ErrorCode code() {
    return forbidden ? ErrorCode.FORBIDDEN : ErrorCode.AUTHENTICATION;
  }
}
