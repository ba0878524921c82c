package dev.dhii.runtime.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Capabilities as MCP tools: every capability whose plugin is READY, sorted by id, as
 * {@code {name, title, description, inputSchema, outputSchema, annotations}}, a page at a time. The cursor
 * is opaque to clients (the base64 of the last id of the previous page, so a redeploy between pages
 * neither repeats nor skips a tool that stays).
 */
final class McpTools {

  /** Verbs of a capability's name that only read. */
  private static final Set<String> READING = Set.of("get", "list", "search", "find", "fetch", "read", "describe",
    "query", "receive", "echo", "lookup", "count", "check");
  /** Verbs of a capability's name that may destroy. */
  private static final Set<String> DESTROYING = Set.of("delete", "remove", "drop", "purge", "destroy", "erase", "wipe");

  private McpTools() {
  }

  /**
   * @param listing {@code {"capabilities": [...]}} as the view gives it
   * @param cursor the client's cursor, or null for the first page
   * @param pageSize tools per page
   * @return {@code {"tools": [...], "nextCursor"?}}
   * @throws IllegalArgumentException for a cursor this server did not hand out
   */
  static JsonObject page(JsonObject listing, String cursor, int pageSize) {
    String after = cursor == null ? null : decode(cursor);
    List<JsonObject> tools = new ArrayList<>();
    for (Object item : listing.getJsonArray("capabilities", new JsonArray())) {
      if (item instanceof JsonObject c && "READY".equals(c.getString("state")) && c.getValue("inputSchema") instanceof JsonObject) {
        tools.add(tool(c));
      }
    }
    tools.sort((a, b) -> a.getString("name").compareTo(b.getString("name")));
    JsonArray page = new JsonArray();
    String last = null;
    boolean more = false;
    for (JsonObject tool : tools) {
      String name = tool.getString("name");
      if (after != null && name.compareTo(after) <= 0 || name.equals(last)) {
        continue; // before the cursor, or the same capability served by two nodes
      }
      if (page.size() == pageSize) {
        more = true;
        break;
      }
      page.add(tool);
      last = name;
    }
    JsonObject result = new JsonObject().put("tools", page);
    if (more) {
      result.put("nextCursor", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }
    return result;
  }

  private static String decode(String cursor) {
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (id.isEmpty() || id.length() > 200) {
        throw new IllegalArgumentException("empty");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid cursor");
    }
  }

  /** @param c a capability of the listing @return it as an MCP tool */
  static JsonObject tool(JsonObject c) {
    String id = c.getString("id");
    JsonObject tool = new JsonObject().put("name", id).put("title", c.getString("name", id))
      .put("description", c.getString("description", ""));
    tool.put("inputSchema", c.getJsonObject("inputSchema"));
    if (c.getValue("outputSchema") instanceof JsonObject out && "object".equals(out.getValue("type"))) {
      tool.put("outputSchema", out); // MCP requires an object schema here; structuredContent is an object
    }
    tool.put("annotations", annotations(c));
    return tool;
  }

  /**
   * readOnlyHint: tag {@code read-only}, or a name whose first word only reads (get, list, search, ...);
   * destructiveHint: tag {@code destructive}, or a name whose first word destroys (delete, remove, ...);
   * idempotentHint: the manifest's {@code idempotent} (or read-only); openWorldHint: tag {@code open-world}.
   */
  static JsonObject annotations(JsonObject c) {
    Set<String> tags = Set.copyOf(c.getJsonArray("tags", new JsonArray()).stream()
      .map(t -> String.valueOf(t).toLowerCase(Locale.ROOT)).toList());
    String id = c.getString("id");
    String name = id.substring(id.indexOf('.') + 1);
    String verb = name.split("[_\\-.]|(?<=[a-z])(?=[A-Z])", 2)[0].toLowerCase(Locale.ROOT);
    boolean destructive = tags.contains("destructive") || !tags.contains("read-only") && DESTROYING.contains(verb);
    boolean readOnly = !destructive && (tags.contains("read-only") || READING.contains(verb));
    return new JsonObject().put("title", c.getString("name", id)).put("readOnlyHint", readOnly)
      .put("destructiveHint", destructive).put("idempotentHint", readOnly || c.getBoolean("idempotent", false))
      .put("openWorldHint", tags.contains("open-world"));
  }
}
