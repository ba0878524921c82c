package dev.dhii.runtime.conformance;

import dev.dhii.api.PluginValidationException.Violation;
import dev.dhii.runtime.dispatch.SchemaValidator;
import dev.dhii.runtime.conformance.ValueBuilder.Mode;
import dev.dhii.runtime.conformance.ValueBuilder.Plan;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The test cases of one input schema, deterministic from a seed: valid inputs ({@link ValidCases}) and
 * inputs breaking one constraint each ({@link InvalidCases}). {@link #verified} keeps only the cases the
 * runtime's own validator agrees with (a generated valid input validates, a generated invalid one does not:
 * a format the validator does not check gives no invalid case) and notes the others.
 */
public final class CaseGenerator {

  /**
   * The cases of one schema.
   *
   * @param valid the valid inputs
   * @param invalid the invalid inputs
   * @param notes what was skipped and why
   */
  public record Cases(List<TestCase> valid, List<TestCase> invalid, List<String> notes) {
  }

  private CaseGenerator() {
  }

  /**
   * @param schema an input schema
   * @param seed the seed of every random choice
   * @param limit at most this many valid and this many invalid cases
   * @return the cases as generated, not checked against a validator
   */
  public static Cases generate(JsonObject schema, long seed, int limit) {
    Schemas schemas = new Schemas(schema);
    List<String> notes = new ArrayList<>();
    ValueBuilder builder = new ValueBuilder(schemas, new Random(seed));
    Object full;
    try {
      full = builder.build(schema, "", Mode.FULL, Plan.none());
    } catch (ValueBuilder.Unbuildable e) {
      notes.add("valid: every optional field: skipped, " + e.getMessage());
      full = null;
    }
    List<TestCase> valid = new ValidCases(schemas, schema, builder, notes).generate(full, limit);
    List<TestCase> invalid = new InvalidCases(schemas, schema, builder, notes).generate(full, limit);
    return new Cases(valid, invalid, notes);
  }

  /**
   * @param schema an input schema
   * @param validator the runtime's validator of that schema
   * @param seed the seed
   * @param limit at most this many valid and this many invalid cases
   * @return the cases the validator agrees with, and notes naming the ones left out
   */
  public static Cases verified(JsonObject schema, SchemaValidator validator, long seed, int limit) {
    Cases raw = generate(schema, seed, limit);
    List<String> notes = new ArrayList<>(raw.notes());
    List<TestCase> valid = new ArrayList<>();
    for (TestCase c : raw.valid()) {
      List<Violation> violations = validator.validate(c.input());
      if (violations.isEmpty()) {
        valid.add(c);
      } else {
        notes.add(c.name() + ": left out, the generated input does not validate (" + violations.get(0).pointer() + " "
          + violations.get(0).message() + "): " + Json.encode(c.input()));
      }
    }
    List<TestCase> invalid = new ArrayList<>();
    for (TestCase c : raw.invalid()) {
      if (validator.validate(c.input()).isEmpty()) {
        notes.add(c.name() + ": left out, the runtime's validator accepts it"
          + ("format".equals(c.keyword()) ? " (it does not check this format)" : ""));
      } else {
        invalid.add(c);
      }
    }
    return new Cases(List.copyOf(valid), List.copyOf(invalid), List.copyOf(notes));
  }
}
