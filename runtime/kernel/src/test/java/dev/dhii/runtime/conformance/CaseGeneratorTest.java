package dev.dhii.runtime.conformance;

import dev.dhii.runtime.dispatch.SchemaValidator;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator against the runtime's validator: every generated valid input validates, and every generated
 * invalid input fails exactly the constraint it is named for (its violations are of that keyword at that
 * place, apart from the validator's "property does not match" wrappers), over Dhii-Mail's capability schemas
 * and a schema using every keyword the generator knows.
 */
class CaseGeneratorTest {

  /** Keywords whose errors only wrap a child's error. */
  private static final Set<String> WRAPPERS = Set.of("properties", "items", "prefixItems", "$ref", "allOf", "additionalProperties");

  static final JsonObject RICH = new JsonObject("""
    {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
     "$defs": {"address": {"type": "object", "properties": {
         "email": {"type": "string", "format": "email"}, "name": {"type": "string", "minLength": 1, "maxLength": 40}},
       "required": ["email"], "additionalProperties": false}},
     "properties": {
       "text": {"type": "string", "minLength": 2, "maxLength": 12},
       "count": {"type": "integer", "minimum": 1, "maximum": 10},
       "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
       "kind": {"enum": ["a", "b", "c"]},
       "level": {"type": "integer", "enum": [1, 2, 3]},
       "fixed": {"const": "v1"},
       "when": {"type": "string", "format": "date-time"},
       "day": {"type": "string", "format": "date"},
       "link": {"type": "string", "format": "uri"},
       "id": {"type": "string", "format": "uuid"},
       "clock": {"type": "string", "pattern": "^([0-1]?[0-9]|2[0-3]):[0-5][0-9]$"},
       "to": {"$ref": "#/$defs/address"},
       "cc": {"type": "array", "items": {"$ref": "#/$defs/address"}, "minItems": 1, "maxItems": 3},
       "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "maxItems": 5},
       "note": {"type": ["string", "null"], "maxLength": 5},
       "flag": {"type": "boolean"},
       "target": {"oneOf": [{"type": "string", "minLength": 3}, {"type": "integer", "minimum": 0}]},
       "meta": {"type": "object", "properties": {"depth": {"type": "object", "properties": {
         "n": {"type": "integer", "minimum": 0}}, "required": ["n"]}}}},
     "required": ["text", "count", "to"], "additionalProperties": false}""");

  @Test
  void everyGeneratedCaseOfDhiiMailsSchemasIsWhatItSays() throws IOException {
    JsonArray capabilities = dhiiMailCapabilities();
    assertEquals(8, capabilities.size());
    for (Object c : capabilities) {
      JsonObject capability = (JsonObject) c;
      CaseGenerator.Cases cases = check(capability.getJsonObject("input_schema"), 7);
      assertTrue(cases.valid().size() >= 2, capability.getString("id"));
      assertTrue(cases.invalid().size() >= 1, capability.getString("id"));
    }
  }

  @Test
  void theRichSchemaCoversEachConstraintAndEachCaseIsWhatItSays() {
    CaseGenerator.Cases cases = check(RICH, 42);
    List<String> valid = cases.valid().stream().map(TestCase::name).toList();
    List<String> invalid = cases.invalid().stream().map(TestCase::name).toList();
    for (String name : List.of("valid: required fields only", "valid: every optional field",
      "valid: minLength boundary of /text", "valid: maxLength boundary of /text", "valid: minimum boundary of /count",
      "valid: maximum boundary of /count", "valid: exclusiveMinimum boundary of /ratio", "valid: exclusiveMaximum boundary of /ratio",
      "valid: enum value \"c\" of /kind", "valid: enum value 3 of /level", "valid: minItems boundary of /cc",
      "valid: maxItems boundary of /cc", "valid: maxItems boundary of /tags", "valid: null at /note",
      "valid: oneOf branch 0 of /target", "valid: oneOf branch 1 of /target", "valid: false at /flag",
      "valid: maxLength boundary of /cc/0/name")) {
      assertTrue(valid.contains(name), name + " in " + valid);
    }
    for (String name : List.of("invalid: wrong type at / (string instead of object)", "invalid: missing required /text",
      "invalid: missing required /to/email", "invalid: missing required /cc/0/email", "invalid: missing required /meta/depth/n",
      "invalid: additionalProperties:false violated at /", "invalid: additionalProperties:false violated at /to",
      "invalid: below minLength of /text", "invalid: over maxLength of /text", "invalid: below minimum of /count",
      "invalid: over maximum of /count", "invalid: not an integer at /count", "invalid: at exclusiveMinimum of /ratio",
      "invalid: at exclusiveMaximum of /ratio", "invalid: not in enum at /kind", "invalid: not in enum at /level",
      "invalid: not the const at /fixed", "invalid: format date-time of /when", "invalid: format date of /day",
      "invalid: format uri of /link", "invalid: format uuid of /id", "invalid: format email of /to/email",
      "invalid: pattern of /clock", "invalid: below minItems of /cc", "invalid: over maxItems of /cc",
      "invalid: repeated items at /tags", "invalid: wrong type at /meta/depth/n (string instead of integer)",
      "invalid: wrong type at /cc/0 (string instead of object)", "invalid: over maxLength of /note")) {
      assertTrue(invalid.contains(name), name + " in " + invalid);
    }
    assertTrue(cases.notes().isEmpty(), cases.notes().toString());
  }

  @Test
  void theSameSeedGivesTheSameCasesAndTheLimitHolds() {
    CaseGenerator.Cases a = CaseGenerator.generate(RICH, 5, 60);
    CaseGenerator.Cases b = CaseGenerator.generate(RICH, 5, 60);
    assertEquals(Json.encode(a.valid()), Json.encode(b.valid()));
    assertEquals(Json.encode(a.invalid()), Json.encode(b.invalid()));
    assertNotEquals(Json.encode(a.valid()), Json.encode(CaseGenerator.generate(RICH, 6, 60).valid()));
    CaseGenerator.Cases few = CaseGenerator.generate(RICH, 5, 4);
    assertEquals(4, few.valid().size());
    assertEquals(4, few.invalid().size());
    assertEquals("valid: required fields only", few.valid().get(0).name());
  }

  @Test
  void randomCasesFillUpToTheLimitWithDistinctInputs() {
    JsonObject schema = dhiiMailCapabilities().getJsonObject(0).getJsonObject("input_schema");
    CaseGenerator.Cases cases = check(schema, 11, 20);
    assertEquals(20, cases.valid().size());
    assertEquals(20, cases.valid().stream().map(c -> Json.encode(c.input())).distinct().count());
  }

  @Test
  void verifiedLeavesOutWhatTheValidatorDisagreesWith() {
    JsonObject schema = new JsonObject("""
      {"type":"object","properties":{"x":{"type":"string","pattern":"^Z{7}$"}},"required":["x"]}""");
    CaseGenerator.Cases cases = CaseGenerator.verified(schema, SchemaValidator.compile(schema), 1, 10);
    assertTrue(cases.valid().isEmpty());
    assertFalse(cases.notes().isEmpty());
    assertTrue(cases.notes().get(0).contains("/x"), cases.notes().toString());
  }

  static CaseGenerator.Cases check(JsonObject schema, long seed) {
    return check(schema, seed, 200);
  }

  /** Asserts that each valid case validates and each invalid one breaks exactly its constraint. */
  static CaseGenerator.Cases check(JsonObject schema, long seed, int limit) {
    SchemaValidator runtime = SchemaValidator.compile(schema);
    Validator raw = Validator.create(JsonSchema.of(schema.copy()), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri("https://dhii.dev/schemas/").setOutputFormat(OutputFormat.Basic));
    CaseGenerator.Cases cases = CaseGenerator.generate(schema, seed, limit);
    for (TestCase c : cases.valid()) {
      assertTrue(c.valid());
      assertEquals(List.of(), runtime.validate(c.input()), c.name() + ": " + Json.encode(c.input()));
    }
    for (TestCase c : cases.invalid()) {
      assertFalse(c.valid());
      assertFalse(runtime.validate(c.input()).isEmpty(), c.name() + " validates: " + Json.encode(c.input()));
      OutputUnit result = raw.validate(c.input());
      List<String> leaves = new ArrayList<>();
      for (OutputUnit unit : result.getErrors() == null ? List.of(result) : result.getErrors()) {
        String keywordLocation = String.valueOf(unit.getKeywordLocation());
        String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
        boolean intended = keyword.equals(c.keyword()) && String.valueOf(unit.getInstanceLocation()).equals("#" + c.pointer());
        if (!WRAPPERS.contains(keyword) || intended) {
          leaves.add(unit.getInstanceLocation() + " " + keyword);
        }
      }
      assertFalse(leaves.isEmpty(), c.name());
      for (String leaf : leaves) {
        assertEquals("#" + c.pointer() + " " + c.keyword(), leaf, c.name() + ": " + Json.encode(c.input()) + " -> " + leaves);
      }
    }
    return cases;
  }

  static JsonArray dhiiMailCapabilities() {
    try (InputStream in = CaseGeneratorTest.class.getResourceAsStream("/dhii-v1/capabilities.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("capabilities");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
