package dev.dhii.api;

import io.vertx.core.json.JsonObject;

/**
 * A network failure while the plugin talked to a remote service ({@code PluginNetworkError}). The
 * runtime retries it with backoff where a repeat is safe: the capability is idempotent, or
 * {@link #nothingDone()} says the remote side never saw the request (e.g. the connection was refused).
 */
public class PluginNetworkException extends PluginException {

  private final boolean nothingDone;

  /** @param message what failed */
  public PluginNetworkException(String message) {
    this(message, null, false);
  }

  /** @param message what failed @param cause the underlying failure */
  public PluginNetworkException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param message what failed
   * @param cause the underlying failure, may be {@code null}
   * @param nothingDone {@code true} if the remote side certainly did nothing, so a repeat is safe even
   *                    for a non-idempotent capability
   */
  public PluginNetworkException(String message, Throwable cause, boolean nothingDone) {
    super(message, cause, new JsonObject());
    this.nothingDone = nothingDone;
  }

  /** @return whether the remote side certainly did nothing, so a repeat is safe */
  public boolean nothingDone() {
    return nothingDone;
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.NETWORK;
  }
}
