package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

/**
 * The HTTP bridge's address and request bound, the {@code http} section of conf/runtime.json.
 *
 * @param host the bind address
 * @param port the port (0 picks a free one)
 * @param instances HTTP verticle instances; 0 means one per event loop
 * @param maxBodyBytes the largest request body accepted at all (each plugin's own limit applies after)
 */
public record HttpOptions(String host, int port, int instances, long maxBodyBytes) {

  /** Loopback only, by default. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default HTTP port. */
  public static final int DEFAULT_PORT = 8080;
  /** One HTTP verticle per event loop, by default. */
  public static final int DEFAULT_INSTANCES = 0;
  /** The largest request body accepted by default: 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  /** The defaults. */
  public static final HttpOptions DEFAULTS = fromJson(new JsonObject());

  /** @param json the {@code http} section @return the options, defaults filled in */
  public static HttpOptions fromJson(JsonObject json) {
    return new HttpOptions(json.getString("host", DEFAULT_HOST), json.getInteger("port", DEFAULT_PORT),
      json.getInteger("instances", DEFAULT_INSTANCES), json.getLong("maxBodyBytes", DEFAULT_MAX_BODY_BYTES));
  }
}
