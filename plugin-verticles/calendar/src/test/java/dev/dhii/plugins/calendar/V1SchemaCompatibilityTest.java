package dev.dhii.plugins.calendar;

import dev.dhii.api.Capability;
import dev.dhii.runtime.dispatch.SchemaValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin's schemas against Dhii-Mail v1's calendar capabilities (src/test/resources/v1-capabilities.json). */
class V1SchemaCompatibilityTest {

  private static final Map<String, Capability<?, ?>> CAPABILITIES = new CalendarPlugin().capabilities().stream()
    .collect(Collectors.toMap(Capability::id, Function.identity()));

  private static List<JsonObject> v1Calendar() throws IOException {
    try (InputStream in = V1SchemaCompatibilityTest.class.getResourceAsStream("/v1-capabilities.json")) {
      JsonArray all = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("capabilities");
      return all.stream().map(JsonObject.class::cast).filter(c -> "calendar".equals(c.getString("domain"))).toList();
    }
  }

  @Test
  void theFiveV1CalendarCapabilityIdsAreProvidedWithV1AuthRequirement() throws IOException {
    List<JsonObject> v1 = v1Calendar();
    assertEquals(v1.stream().map(c -> c.getString("id")).collect(Collectors.toSet()), CAPABILITIES.keySet());
    for (JsonObject c : v1) {
      assertEquals(c.getBoolean("requires_auth"), CAPABILITIES.get(c.getString("id")).requiresAuth(), c.getString("id"));
    }
  }

  @Test
  void requiredFieldsAndPropertyTypesMatchV1() throws IOException {
    for (JsonObject c : v1Calendar()) {
      JsonObject v1 = c.getJsonObject("input_schema");
      JsonObject ours = CAPABILITIES.get(c.getString("id")).inputSchema();
      assertEquals(names(v1.getJsonArray("required", new JsonArray())), names(ours.getJsonArray("required", new JsonArray())),
        c.getString("id"));
      for (String property : v1.getJsonObject("properties").fieldNames()) {
        JsonObject expected = v1.getJsonObject("properties").getJsonObject(property);
        JsonObject actual = ours.getJsonObject("properties").getJsonObject(property);
        assertEquals(expected.getString("type"), actual.getString("type"), c.getString("id") + " " + property);
        for (String keyword : List.of("format", "pattern", "minimum")) {
          assertEquals(normal(expected.getValue(keyword)), normal(actual.getValue(keyword)), c.getString("id") + " " + property + " " + keyword);
        }
      }
    }
  }

  @Test
  void everyV1InputShapeValidatesAndMissingRequiredFieldsDoNot() throws IOException {
    for (JsonObject c : v1Calendar()) {
      JsonObject v1 = c.getJsonObject("input_schema");
      SchemaValidator validator = SchemaValidator.compile(CAPABILITIES.get(c.getString("id")).inputSchema());
      JsonObject full = example(v1, false);
      JsonObject minimal = example(v1, true);
      assertEquals(List.of(), validator.validate(full), c.getString("id") + " " + full);
      assertEquals(List.of(), validator.validate(minimal), c.getString("id") + " " + minimal);
      for (String required : names(v1.getJsonArray("required", new JsonArray()))) {
        JsonObject missing = full.copy();
        missing.remove(required);
        assertFalse(validator.validate(missing).isEmpty(), c.getString("id") + " without " + required);
      }
    }
  }

  @Test
  void outputsOfV1ShapeValidateAgainstTheOutputSchemas() {
    SchemaValidator delete = SchemaValidator.compile(CAPABILITIES.get("calendar.delete_event").outputSchema());
    assertTrue(delete.validate(new JsonObject().put("success", false).put("error", "Event not found")).isEmpty());
    SchemaValidator update = SchemaValidator.compile(CAPABILITIES.get("calendar.update_event").outputSchema());
    assertTrue(update.validate(new JsonObject().put("success", false).put("error", "Event not found")).isEmpty());
    assertTrue(update.validate(new JsonObject().put("event_id", "e1").put("success", true)).isEmpty());
  }

  /** A value for every property of a v1 input schema (or only the required ones), as a v1 caller sends it. */
  private static JsonObject example(JsonObject schema, boolean requiredOnly) {
    Set<String> required = names(schema.getJsonArray("required", new JsonArray()));
    JsonObject example = new JsonObject();
    schema.getJsonObject("properties").forEach(p -> {
      if (!requiredOnly || required.contains(p.getKey())) {
        example.put(p.getKey(), value((JsonObject) p.getValue()));
      }
    });
    return example;
  }

  private static Object value(JsonObject property) {
    return switch (property.getString("type")) {
      case "integer" -> property.getInteger("minimum", 30);
      case "array" -> new JsonArray().add("ana@example.com");
      default -> switch (property.getString("format", property.containsKey("pattern") ? "clock" : "")) {
        case "date-time" -> "2030-01-07T10:00:00+01:00";
        case "date" -> "2030-01-07";
        case "clock" -> "9:30";
        default -> "text";
      };
    };
  }

  private static Object normal(Object value) {
    return value instanceof Number n ? n.doubleValue() : value;
  }

  private static Set<String> names(JsonArray array) {
    return array.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
  }
}
