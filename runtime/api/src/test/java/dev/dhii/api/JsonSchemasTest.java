package dev.dhii.api;

import dev.dhii.api.schema.JsonSchemas;
import dev.dhii.api.schema.Schema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSchemasTest {

  enum Priority { LOW, HIGH }

  record Address(String city) {
  }

  @Schema(description = "A message")
  record Message(@Schema(maxLength = 200, description = "Subject line") String subject,
                 @Schema(required = false, minimum = 1, maximum = 10) Integer priorityLevel,
                 int count, boolean urgent, double score, Priority priority, List<String> to, Set<Long> ids,
                 Map<String, Integer> counters, Address address, JsonObject extra,
                 @Schema(required = false, pattern = "^[a-z]+$", format = "email", defaultValue = "\"x\"") String tag) {
  }

  record Loop(Loop next) {
  }

  @Test
  void recordsBecomeObjectsWithTypedRequiredProperties() {
    JsonObject schema = JsonSchemas.of(Message.class);
    assertEquals(JsonSchemas.DRAFT_2020_12, schema.getString("$schema"));
    assertEquals("object", schema.getString("type"));
    assertEquals("A message", schema.getString("description"));
    JsonObject p = schema.getJsonObject("properties");
    assertEquals(new JsonObject().put("type", "string").put("description", "Subject line").put("maxLength", 200), p.getJsonObject("subject"));
    assertEquals(new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", 10), p.getJsonObject("priorityLevel"));
    assertEquals("integer", p.getJsonObject("count").getString("type"));
    assertEquals("boolean", p.getJsonObject("urgent").getString("type"));
    assertEquals("number", p.getJsonObject("score").getString("type"));
    assertEquals(new JsonArray().add("LOW").add("HIGH"), p.getJsonObject("priority").getJsonArray("enum"));
    assertEquals(new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string")), p.getJsonObject("to"));
    assertTrue(p.getJsonObject("ids").getBoolean("uniqueItems"));
    assertEquals("integer", p.getJsonObject("counters").getJsonObject("additionalProperties").getString("type"));
    assertEquals("string", p.getJsonObject("address").getJsonObject("properties").getJsonObject("city").getString("type"));
    assertEquals("object", p.getJsonObject("extra").getString("type"));
    assertEquals("x", p.getJsonObject("tag").getString("default"));
    List<Object> required = schema.getJsonArray("required").getList();
    assertTrue(required.containsAll(List.of("subject", "count", "urgent", "score", "to", "address")));
    assertFalse(required.contains("priorityLevel"));
    assertFalse(required.contains("tag"));
  }

  @Test
  void recursiveAndUnsupportedTypesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> JsonSchemas.of(Loop.class));
    assertThrows(IllegalArgumentException.class, () -> JsonSchemas.of(Thread.class));
  }
}
