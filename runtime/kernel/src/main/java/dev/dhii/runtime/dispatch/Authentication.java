package dev.dhii.runtime.dispatch;

import io.vertx.core.Future;

/**
 * The pipeline's bearer token step: a call that brings a token and no trusted user id goes on as the
 * token's user; a refused token fails the call (AUTHENTICATION). Whether the capability needs a user at
 * all is {@link Checks#authenticated}, later.
 */
final class Authentication implements Stage {

  private final Authenticator authenticator;

  Authentication(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public Future<Object> run(Call call, Next next) {
    CallRequest request = call.request;
    if (request.userId() != null || request.authorization() == null) {
      return next.run(call);
    }
    return authenticator.authenticate(request.authorization()).compose(principal -> {
      call.request = request.withUserId(principal.userId());
      return next.run(call);
    });
  }
}
