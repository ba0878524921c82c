package dev.dhii.runtime.dispatch;

import dev.dhii.api.ErrorCode;
import io.vertx.core.Future;

/**
 * Turns a bearer token into a {@link Principal}. The dispatcher calls it for requests that carry an
 * {@code authorization} but no trusted user id; the bridges call it for admin routes.
 */
public interface Authenticator {

  /**
   * @param authorization the header value ({@code Bearer <token>} or the bare token)
   * @return the principal, or a failed Future with a {@link KernelException} AUTHENTICATION
   */
  Future<Principal> authenticate(String authorization);

  /** @return an authenticator for a runtime with no keys configured: every token is refused */
  static Authenticator none() {
    return authorization -> Future.failedFuture(new KernelException(ErrorCode.AUTHENTICATION,
      "Bearer tokens are not accepted: no JWT key is configured"));
  }
}
