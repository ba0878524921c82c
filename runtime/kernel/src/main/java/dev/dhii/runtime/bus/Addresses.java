package dev.dhii.runtime.bus;

import dev.dhii.client.Wire;

/** Event bus addresses and message headers of the runtime's wire contract (DESIGN §6). */
public final class Addresses {

  /** Prefix of capability addresses: {@code dhii.cap.<capabilityId>}. */
  public static final String CAPABILITY_PREFIX = Wire.CAPABILITY_PREFIX;
  /** Lifecycle and breaker events are published here. */
  public static final String EVENTS = "dhii.events";
  /** Prefix of the runtime's internal per-node addresses ({@code dhii.node.<nodeId>.*}); never bridged. */
  public static final String NODE_PREFIX = "dhii.node.";

  /**
   * Node-local admin requests: body {@code {"action": "redeploy"|"disable"|"enable", "pluginId"}}; the reply is
   * the outcome, a failure carries the error body like a capability call's.
   */
  public static final String ADMIN = "dhii.admin.plugins";

  /** Header: the request id (generated when absent). */
  public static final String HEADER_REQUEST_ID = Wire.HEADER_REQUEST_ID;
  /** Header: the calling user's id, trusted inside the cluster. */
  public static final String HEADER_USER_ID = Wire.HEADER_USER_ID;
  /** Header: the caller's timeout in milliseconds. */
  public static final String HEADER_TIMEOUT_MS = Wire.HEADER_TIMEOUT_MS;
  /** Header: a bearer token ({@code Bearer <jwt>} or the bare token). */
  public static final String HEADER_AUTHORIZATION = Wire.HEADER_AUTHORIZATION;
  /** Header set by the runtime's own bridges: the size of the encoded input in bytes. */
  public static final String HEADER_PAYLOAD_BYTES = Wire.HEADER_PAYLOAD_BYTES;
  /** Reply header: how many attempts the call took. */
  public static final String HEADER_ATTEMPTS = Wire.HEADER_ATTEMPTS;
  /**
   * Header: the address of a caller outside the JVM, set by the TCP bridge (never taken from the caller);
   * anonymous calls are rate-limited by it, as HTTP and WebSocket callers are by theirs.
   */
  public static final String HEADER_CLIENT = "dhii-client";

  private Addresses() {
  }

  /** @param capabilityId a capability id @return its event bus address */
  public static String capability(String capabilityId) {
    return Wire.capability(capabilityId);
  }

  /** @param nodeId a cluster node id @return the address where that node describes its plugins */
  public static String nodeInfo(String nodeId) {
    return NODE_PREFIX + nodeId + ".info";
  }
}
