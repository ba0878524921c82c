package dev.dhii.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mcp} block of the configuration: the MCP endpoint at {@code /mcp}.
 *
 * @param enabled whether {@code /mcp} is served
 * @param maxSessions how many MCP sessions may be open at once; an initialize beyond it is refused
 * @param sessionIdleTimeoutMs a session with no request, no open stream and no call in flight for this long is closed
 * @param allowedOrigins browser origins allowed besides loopback ones ({@code http://localhost:*}, {@code http://127.0.0.1:*},
 *                       {@code http://[::1]:*}); {@code "*"} allows any; a request without Origin is always allowed
 * @param pageSize tools per {@code tools/list} page
 * @param keepAliveMs how often an open notification stream gets an SSE comment (0: never)
 */
public record McpOptions(boolean enabled, int maxSessions, long sessionIdleTimeoutMs, List<String> allowedOrigins,
                         int pageSize, long keepAliveMs) {

  /** Default of {@code mcp.maxSessions}. */
  public static final int DEFAULT_MAX_SESSIONS = 256;
  /** Default of {@code mcp.sessionIdleTimeoutMs}: ten minutes. */
  public static final long DEFAULT_SESSION_IDLE_TIMEOUT_MS = 600_000;
  /** Default of {@code mcp.pageSize}. */
  public static final int DEFAULT_PAGE_SIZE = 100;
  /** Default of {@code mcp.keepAliveMs}. */
  public static final long DEFAULT_KEEP_ALIVE_MS = 30_000;

  /** Checks the bounds. */
  public McpOptions {
    if (maxSessions < 1 || sessionIdleTimeoutMs < 1 || pageSize < 1 || keepAliveMs < 0) {
      throw new IllegalArgumentException("mcp: maxSessions, sessionIdleTimeoutMs and pageSize must be positive,"
        + " keepAliveMs not negative");
    }
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** @return every default */
  public static McpOptions defaults() {
    return fromJson(new JsonObject());
  }

  /**
   * @param json the {@code mcp} block (missing keys take their defaults)
   * @return the options
   */
  public static McpOptions fromJson(JsonObject json) {
    List<String> origins = new ArrayList<>();
    JsonArray list = json.getJsonArray("allowedOrigins", new JsonArray());
    list.forEach(o -> origins.add(String.valueOf(o)));
    return new McpOptions(json.getBoolean("enabled", true), json.getInteger("maxSessions", DEFAULT_MAX_SESSIONS),
      json.getLong("sessionIdleTimeoutMs", DEFAULT_SESSION_IDLE_TIMEOUT_MS), origins,
      json.getInteger("pageSize", DEFAULT_PAGE_SIZE), json.getLong("keepAliveMs", DEFAULT_KEEP_ALIVE_MS));
  }
}
