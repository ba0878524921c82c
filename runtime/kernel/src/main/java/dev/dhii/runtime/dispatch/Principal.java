package dev.dhii.runtime.dispatch;

import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param userId the user's id (a token's subject)
 * @param roles the caller's roles ({@code admin} may use the admin routes)
 */
public record Principal(String userId, Set<String> roles) {

  /** The role that may redeploy, disable and enable plugins. */
  public static final String ADMIN = "admin";

  /** Normalises the roles to an immutable set. */
  public Principal {
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  /** @return whether the caller has the admin role */
  public boolean isAdmin() {
    return roles.contains(ADMIN);
  }
}
