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

  /**
   * Prefix of a process plugin's addresses, {@code dhii.proc.<pluginId>.<token>.calls} (the runtime sends the
   * calls, the process consumes them) and {@code dhii.proc.<pluginId>.<token>.announce} (the process sends
   * its capabilities); the token is new for each process and only the process knows it.
   */
  public static final String PROCESS_PREFIX = "dhii.proc.";
  /** The form of a process token: 16 random bytes as lowercase hex. */
  public static final String PROCESS_TOKEN_REGEX = "[0-9a-f]{32}";
  private static final String CALLS = ".calls";
  private static final String ANNOUNCE = ".announce";
  /** Every process plugin's announce address, as a regex (what the TCP bridge lets processes send to). */
  public static final String PROCESS_ANNOUNCE_REGEX = processRegex(ANNOUNCE);
  /** Every process plugin's calls address, as a regex (what the TCP bridge lets processes consume). */
  public static final String PROCESS_CALLS_REGEX = processRegex(CALLS);

  private Addresses() {
  }

  /** @param pluginId a process plugin @param token its process's token @return where that process consumes calls */
  public static String processCalls(String pluginId, String token) {
    return PROCESS_PREFIX + pluginId + "." + token + CALLS;
  }

  /** @param pluginId a process plugin @param token its process's token @return where that process announces */
  public static String processAnnounce(String pluginId, String token) {
    return PROCESS_PREFIX + pluginId + "." + token + ANNOUNCE;
  }

  private static String processRegex(String suffix) {
    return literal(PROCESS_PREFIX) + "[^.]+\\." + PROCESS_TOKEN_REGEX + literal(suffix);
  }

  private static String literal(String dotted) {
    return dotted.replace(".", "\\.");
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
