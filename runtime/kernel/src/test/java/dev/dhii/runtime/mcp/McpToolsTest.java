package dev.dhii.runtime.mcp;

import dev.dhii.runtime.config.McpOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Capabilities as tools: which are listed, their annotations, pages, and the options' defaults. */
class McpToolsTest {

  private static JsonObject capability(String id, String state, JsonArray tags, boolean idempotent) {
    JsonObject schema = new JsonObject().put("type", "object");
    return new JsonObject().put("id", id).put("name", id).put("description", "d").put("state", state).put("tags", tags)
      .put("idempotent", idempotent).put("inputSchema", schema).put("outputSchema", schema);
  }

  @Test
  void onlyReadyCapabilitiesAreListedSortedAndPaged() {
    JsonArray all = new JsonArray().add(capability("b.two", "READY", new JsonArray(), false))
      .add(capability("a.one", "READY", new JsonArray(), false)).add(capability("c.off", "FAILED", new JsonArray(), false))
      .add(new JsonObject().put("id", "d.undeclared").put("state", "READY")).add(capability("e.three", "READY", new JsonArray(), false));
    JsonObject listing = new JsonObject().put("capabilities", all);
    List<String> names = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = McpTools.page(listing, cursor, 2);
      page.getJsonArray("tools").forEach(t -> names.add(((JsonObject) t).getString("name")));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null);
    assertEquals(List.of("a.one", "b.two", "e.three"), names);
    assertEquals(2, pages);
    assertThrows(IllegalArgumentException.class, () -> McpTools.page(listing, "%%%", 2));
  }

  @Test
  void annotationsComeFromTheManifestTagsAndTheCapabilitysName() {
    JsonObject read = McpTools.annotations(capability("calendar.get_events", "READY", new JsonArray(), false));
    assertTrue(read.getBoolean("readOnlyHint"));
    assertTrue(read.getBoolean("idempotentHint"));
    assertFalse(read.getBoolean("destructiveHint"));
    JsonObject delete = McpTools.annotations(capability("calendar.deleteEvent", "READY", new JsonArray(), false));
    assertTrue(delete.getBoolean("destructiveHint"));
    assertFalse(delete.getBoolean("readOnlyHint"));
    JsonObject send = McpTools.annotations(capability("email.send", "READY", new JsonArray().add("open-world"), true));
    assertFalse(send.getBoolean("readOnlyHint"));
    assertFalse(send.getBoolean("destructiveHint"));
    assertTrue(send.getBoolean("idempotentHint"));
    assertTrue(send.getBoolean("openWorldHint"));
    JsonObject tagged = McpTools.annotations(capability("notes.purge", "READY", new JsonArray().add("read-only"), false));
    assertTrue(tagged.getBoolean("readOnlyHint"));
  }

  @Test
  void anOutputSchemaThatIsNotAnObjectIsLeftOut() {
    JsonObject c = capability("x.y", "READY", new JsonArray(), false).put("outputSchema", new JsonObject().put("type", "string"));
    assertNull(McpTools.tool(c).getValue("outputSchema"));
  }

  @Test
  void optionsHaveDefaultsAndBounds() {
    McpOptions o = McpOptions.defaults();
    assertEquals(McpOptions.DEFAULT_MAX_SESSIONS, o.maxSessions());
    assertEquals(McpOptions.DEFAULT_PAGE_SIZE, o.pageSize());
    assertTrue(o.enabled());
    assertThrows(IllegalArgumentException.class, () -> McpOptions.fromJson(new JsonObject().put("maxSessions", 0)));
  }
}
