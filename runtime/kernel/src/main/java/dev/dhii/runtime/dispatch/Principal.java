package dev.dhii.runtime.dispatch;

import java.time.Instant;
import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param userId the user's id (a token's subject)
 * @param roles the caller's roles ({@code admin} may use the admin routes)
 * @param expiresAt when the credential it came from stops being accepted (a token's {@code exp} plus the
 *                  leeway), or null when it does not expire; a long-lived connection checks it on every call
 */
public record Principal(String userId, Set<String> roles, Instant expiresAt) {

  /** The role that may redeploy, disable and enable plugins. */
  public static final String ADMIN = "admin";

  /** Normalises the roles to an immutable set. */
  public Principal {
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  /** @param userId the user's id @param roles the caller's roles; it does not expire */
  public Principal(String userId, Set<String> roles) {
    this(userId, roles, null);
  }

  /** @param now the current time @return whether the credential has expired */
  public boolean expired(Instant now) {
    return expiresAt != null && now.isAfter(expiresAt);
  }

  /** @return whether the caller has the admin role */
  public boolean isAdmin() {
    return roles.contains(ADMIN);
  }
}
