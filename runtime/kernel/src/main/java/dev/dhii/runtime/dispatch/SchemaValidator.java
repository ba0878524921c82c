package dev.dhii.runtime.dispatch;

import dev.dhii.api.PluginValidationException.Violation;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled JSON Schema (draft 2020-12) validator for one capability's input or output. Valid values
 * of the common subset are recognised by a {@link FastSchema}; everything else, and every violation
 * report, comes from vertx-json-schema. That validator's method is too large for HotSpot to compile by
 * default; the launcher, the Dockerfile and the test JVMs run with {@code -XX:-DontCompileHugeMethods}
 * (README, "Schema validation").
 */
public final class SchemaValidator {

  private static final int MAX_VIOLATIONS = 20;

  private final Validator validator;
  private final FastSchema fast;

  private SchemaValidator(Validator validator, FastSchema fast) {
    this.validator = validator;
    this.fast = fast;
  }

  /**
   * @param schema the JSON Schema
   * @return its validator
   * @throws IllegalArgumentException if the schema itself is invalid
   */
  public static SchemaValidator compile(JsonObject schema) {
    try {
      JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://dhii.dev/schemas/").setOutputFormat(OutputFormat.Basic);
      return new SchemaValidator(Validator.create(JsonSchema.of(schema.copy()), options), FastSchema.compile(schema));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Invalid JSON Schema: " + e.getMessage(), e);
    }
  }

  /**
   * @param value the JSON value to check
   * @return its violations (JSON pointer and reason, at most 20), empty when valid
   */
  public List<Violation> validate(Object value) {
    if (fast != null && fast.check(value) == FastSchema.Result.VALID) {
      return List.of();
    }
    OutputUnit result = validator.validate(value);
    if (Boolean.TRUE.equals(result.getValid())) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    List<OutputUnit> errors = result.getErrors();
    if (errors == null || errors.isEmpty()) {
      violations.add(new Violation(orRoot(result.getInstanceLocation()), String.valueOf(result.getError())));
    } else {
      for (OutputUnit unit : errors) {
        if (violations.size() == MAX_VIOLATIONS) {
          break;
        }
        violations.add(new Violation(orRoot(unit.getInstanceLocation()), unit.getError()));
      }
    }
    return violations;
  }

  /** vertx-json-schema reports locations as URI fragments ({@code #/a/b}); the wire uses JSON pointers ({@code /a/b}). */
  private static String orRoot(String location) {
    if (location == null) {
      return "";
    }
    return location.startsWith("#") ? location.substring(1) : location;
  }
}
