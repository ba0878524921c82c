package dev.dhii.runtime.dispatch;

import dev.dhii.api.PluginException;
import dev.dhii.api.ErrorCode;
import io.vertx.core.Future;

/**
 * Turns a bearer token into a {@link Principal}. The dispatcher calls it for requests that carry an
 * {@code authorization} but no trusted user id; the bridges call it for admin routes.
 */
public interface Authenticator {

  /**
   * @param authorization the header value ({@code Bearer <token>} or the bare token)
   * @return the principal, or a failed Future with a {@link PluginException} AUTHENTICATION
   */
  Future<Principal> authenticate(String authorization);

  /**
   * @return whether keys are configured; without them the runtime runs in development mode: every token
   *     is refused, and the admin routes are open (the HTTP bridge listens on 127.0.0.1 by default)
   */
  default boolean configured() {
    return true;
  }

  /** @return an authenticator for a runtime with no keys configured: every token is refused */
  static Authenticator none() {
    return new Authenticator() {
      @Override
      public Future<Principal> authenticate(String authorization) {
        return Future.failedFuture(PluginException.of(ErrorCode.AUTHENTICATION,
          "Bearer tokens are not accepted: no JWT key is configured"));
      }

      @Override
      public boolean configured() {
        return false;
      }
    };
  }
}
