package dev.dhii.runtime.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The fast path never calls valid what vertx-json-schema calls invalid, on Dhii-Mail's real schemas and on edge cases. */
class FastSchemaTest {

  private static boolean general(JsonObject schema, Object value) {
    JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://dhii.dev/")
      .setOutputFormat(OutputFormat.Basic);
    return Validator.create(JsonSchema.of(schema.copy()), options).validate(value).getValid();
  }

  private static void agree(JsonObject schema, Object value) {
    FastSchema fast = FastSchema.compile(schema);
    assertNotNull(fast, "compiles " + schema.encode());
    boolean expected = general(schema, value);
    FastSchema.Result result = fast.check(value);
    if (result == FastSchema.Result.VALID) {
      assertEquals(true, expected, "fast says valid, general says invalid: " + value + " against " + schema.encode());
    } else if (result == FastSchema.Result.INVALID) {
      assertEquals(false, expected, "fast says invalid, general says valid: " + value + " against " + schema.encode());
    }
  }

  private static List<Object> instances() {
    List<Object> values = new ArrayList<>();
    values.add(new JsonObject());
    values.add(new JsonObject().put("text", "hi"));
    values.add(new JsonObject().put("text", "hi").put("n", 3));
    values.add(new JsonObject().put("text", "hi").put("n", 3.0));
    values.add(new JsonObject().put("text", "hi").put("n", 3.5));
    values.add(new JsonObject().put("text", 5));
    values.add(new JsonObject().put("text", "x".repeat(10_001)));
    values.add(new JsonObject().put("text", "😀😀"));
    values.add(new JsonObject().put("to", new JsonArray().add("a@b.c")).put("subject", "s").put("body", "b"));
    values.add(new JsonObject().put("to", new JsonArray().add(1)).put("subject", "s").put("body", "b"));
    values.add(new JsonObject().put("to", "a@b.c").put("subject", "s").put("body", "b"));
    values.add(new JsonObject().put("folder", "INBOX").put("limit", 10).put("unread_only", true));
    values.add(new JsonObject().put("limit", "ten"));
    values.add(new JsonObject().put("query", "q").put("date_from", "2024-01-02"));
    values.add(new JsonObject().put("query", "q").put("date_from", "yesterday"));
    values.add(new JsonObject().put("title", "t").put("start_time", "2024-01-02T10:00:00Z").put("end_time", "x").put("organizer", "o"));
    values.add(new JsonObject().put("date", "2024-01-02").put("duration_minutes", 30).put("working_hours_start", "09:00"));
    values.add(new JsonObject().put("date", "2024-01-02").put("duration_minutes", 10));
    values.add(new JsonObject().put("date", "2024-01-02").put("duration_minutes", 30).put("working_hours_start", "9am"));
    values.add(new JsonObject().put("event_id", "e1"));
    values.add(new JsonObject().put("event_id", (Object) null));
    values.add(new JsonObject().put("success", true).put("message_id", "m").put("error", "e"));
    values.add(new JsonObject().put("events", new JsonArray()).put("count", 0));
    values.add(new JsonObject().put("events", new JsonObject()).put("count", 1.5));
    values.add(new JsonArray().add(1));
    values.add("text");
    values.add(42);
    values.add(null);
    return values;
  }

  @Test
  void theFastPathAgreesWithTheGeneralValidatorOnDhiiMailsSchemas() throws Exception {
    JsonObject capabilities;
    try (var in = FastSchemaTest.class.getResourceAsStream("/dhii-v1/capabilities.json")) {
      capabilities = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    int checked = 0;
    for (Object c : capabilities.getJsonArray("capabilities")) {
      JsonObject capability = (JsonObject) c;
      for (String key : List.of("input_schema", "output_schema")) {
        for (Object value : instances()) {
          agree(capability.getJsonObject(key), value);
          checked++;
        }
      }
    }
    assertNotEquals(0, checked);
  }

  @Test
  void theFastPathAgreesOnEdgeCases() {
    JsonObject schema = new JsonObject("""
      {"type":"object","required":["text"],"additionalProperties":false,
       "properties":{"text":{"type":"string","minLength":1,"maxLength":2,"pattern":"^[a-z😀]+$"},
         "n":{"type":["integer","null"],"minimum":0,"exclusiveMaximum":10},
         "tags":{"type":"array","items":{"enum":["a","b"]},"minItems":1,"maxItems":2},
         "flag":{"const":true}}}""");
    List<Object> values = List.of(new JsonObject().put("text", "ab"), new JsonObject().put("text", "😀😀"),
      new JsonObject().put("text", "abc"), new JsonObject().put("text", ""), new JsonObject().put("text", "A"),
      new JsonObject().put("text", "a").put("n", (Object) null), new JsonObject().put("text", "a").put("n", 10),
      new JsonObject().put("text", "a").put("n", 9.0), new JsonObject().put("text", "a").put("n", -1),
      new JsonObject().put("text", "a").put("tags", new JsonArray().add("a")), new JsonObject().put("text", "a").put("tags", new JsonArray()),
      new JsonObject().put("text", "a").put("tags", new JsonArray().add("c")), new JsonObject().put("text", "a").put("extra", 1),
      new JsonObject().put("text", "a").put("flag", true), new JsonObject().put("text", "a").put("flag", false));
    for (Object value : values) {
      agree(schema, value);
    }
  }

  @Test
  void schemasBeyondTheSubsetAreLeftToTheGeneralValidator() {
    assertNull(FastSchema.compile(new JsonObject().put("anyOf", new JsonArray().add(new JsonObject()))));
    assertNull(FastSchema.compile(new JsonObject().put("$ref", "#/$defs/x")));
    assertNull(FastSchema.compile(new JsonObject().put("enum", new JsonArray().add(1))));
    assertEquals(FastSchema.Result.UNSURE, FastSchema.compile(new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("d", new JsonObject().put("type", "string").put("format", "date"))))
      .check(new JsonObject().put("d", "2024-01-01")));
  }
}
