package dev.dhii.runtime;

/** Event bus addresses and message headers of the runtime's wire contract (DESIGN §6). */
public final class Addresses {

  /** Prefix of capability addresses: {@code dhii.cap.<capabilityId>}. */
  public static final String CAPABILITY_PREFIX = "dhii.cap.";
  /** Lifecycle and breaker events are published here. */
  public static final String EVENTS = "dhii.events";

  /**
   * Node-local admin requests: body {@code {"action": "redeploy"|"disable"|"enable", "pluginId"}}; the reply is
   * the outcome, a failure carries the error body like a capability call's.
   */
  public static final String ADMIN = "dhii.admin.plugins";

  /** Header: the request id (generated when absent). */
  public static final String HEADER_REQUEST_ID = "dhii-request-id";
  /** Header: the calling user's id, trusted inside the cluster. */
  public static final String HEADER_USER_ID = "dhii-user-id";
  /** Header: the caller's timeout in milliseconds. */
  public static final String HEADER_TIMEOUT_MS = "dhii-timeout-ms";
  /** Header: a bearer token ({@code Bearer <jwt>} or the bare token). */
  public static final String HEADER_AUTHORIZATION = "authorization";
  /** Header set by the runtime's own bridges: the size of the encoded input in bytes. */
  public static final String HEADER_PAYLOAD_BYTES = "dhii-payload-bytes";
  /** Reply header: how many attempts the call took. */
  public static final String HEADER_ATTEMPTS = "dhii-attempts";

  private Addresses() {
  }

  /** @param capabilityId a capability id @return its event bus address */
  public static String capability(String capabilityId) {
    return CAPABILITY_PREFIX + capabilityId;
  }
}
