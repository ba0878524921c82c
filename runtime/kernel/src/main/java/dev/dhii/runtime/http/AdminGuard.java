package dev.dhii.runtime.http;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.dispatch.Principal;
import dev.dhii.runtime.http.HttpReplies;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A Vert.x Web handler in front of the admin routes (DESIGN §8, §12): the request needs a valid bearer
 * token whose principal has the {@value Principal#ADMIN} role. Without a token, or with one that is refused,
 * it answers 401 AUTHENTICATION; without the role, 403 FORBIDDEN; both with the error body of every route.
 * Otherwise it puts the {@link Principal} in the context ({@link #principal(RoutingContext)}) and calls the
 * next handler. It is never open: with no key to check tokens with, it refuses every request (a runtime
 * with no key configured has one generated, see {@link GeneratedSecret}).
 */
public final class AdminGuard implements Handler<RoutingContext> {

  /** The routing context key of the authenticated {@link Principal}. */
  public static final String PRINCIPAL = "dhii.principal";

  private final Authenticator authenticator;

  private AdminGuard(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * @param authenticator checks the bearer tokens
   * @return the guard
   */
  public static AdminGuard create(Authenticator authenticator) {
    return new AdminGuard(authenticator);
  }

  /**
   * @param rc a request the guard let through
   * @return its admin principal, or null if the guard did not run
   */
  public static Principal principal(RoutingContext rc) {
    return rc.get(PRINCIPAL);
  }

  @Override
  public void handle(RoutingContext rc) {
    String id = CallRequest.requestIdOf(rc.request().getHeader("x-request-id"));
    if (!authenticator.configured()) {
      refuse(rc, ErrorCode.AUTHENTICATION, "This operation needs a bearer token with the " + Principal.ADMIN
        + " role, and no key to check one is configured", id);
      return;
    }
    String authorization = rc.request().getHeader("authorization");
    if (authorization == null) {
      refuse(rc, ErrorCode.AUTHENTICATION, "This operation needs a bearer token with the " + Principal.ADMIN + " role", id);
      return;
    }
    authenticator.authenticate(authorization).onComplete(ar -> {
      if (ar.failed()) {
        refuse(rc, ErrorCode.AUTHENTICATION, CallError.from(ar.cause()).message(), id);
      } else if (!ar.result().isAdmin()) {
        refuse(rc, ErrorCode.FORBIDDEN, "User " + ar.result().userId() + " does not have the " + Principal.ADMIN
          + " role", id);
      } else {
        rc.put(PRINCIPAL, ar.result());
        rc.next();
      }
    });
  }

  private static void refuse(RoutingContext rc, ErrorCode code, String message, String requestId) {
    if (code == ErrorCode.AUTHENTICATION) {
      rc.response().putHeader("www-authenticate", "Bearer realm=\"dhii\"");
    }
    HttpReplies.error(rc, new CallFailure(CallError.of(code, message), requestId, null, null));
  }
}
