package dev.dhii.client;

/**
 * The names of the runtime's event bus contract (DESIGN §6): capability addresses, message headers and
 * the cluster-wide capability directory. The runtime and this client share them.
 */
public final class Wire {

  /** Prefix of capability addresses: {@code dhii.cap.<capabilityId>}. */
  public static final String CAPABILITY_PREFIX = "dhii.cap.";

  /** Header: the request id (generated when absent). */
  public static final String HEADER_REQUEST_ID = "dhii-request-id";
  /** Header: the calling user's id, trusted inside the cluster. */
  public static final String HEADER_USER_ID = "dhii-user-id";
  /** Header: the caller's timeout in milliseconds. */
  public static final String HEADER_TIMEOUT_MS = "dhii-timeout-ms";
  /** Header: a bearer token ({@code Bearer <jwt>} or the bare token). */
  public static final String HEADER_AUTHORIZATION = "authorization";
  /** Header: the size of the encoded input in bytes, when the caller already knows it. */
  public static final String HEADER_PAYLOAD_BYTES = "dhii-payload-bytes";
  /** Reply header: how many attempts the call took. */
  public static final String HEADER_ATTEMPTS = "dhii-attempts";

  /**
   * Name of the cluster-wide map (Vert.x shared data) of every capability id ever served in the cluster
   * to the id of its plugin. It only grows: it tells a capability that no node serves any more
   * (UNAVAILABLE) from one the cluster never had (NOT_FOUND).
   */
  public static final String CAPABILITY_DIRECTORY = "dhii.capabilities";

  private Wire() {
  }

  /**
   * @param capabilityId a capability id
   * @return its event bus address
   */
  public static String capability(String capabilityId) {
    return CAPABILITY_PREFIX + capabilityId;
  }
}
