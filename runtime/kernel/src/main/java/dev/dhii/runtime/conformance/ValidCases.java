package dev.dhii.runtime.conformance;

import dev.dhii.runtime.conformance.ValueBuilder.Mode;
import dev.dhii.runtime.conformance.ValueBuilder.Plan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The valid inputs of a schema: required fields only, every optional field, each boundary (lengths, numeric
 * bounds, item counts), each enum value, each oneOf/anyOf branch, null where a type admits it, then seeded
 * random combinations up to the limit.
 */
final class ValidCases {

  private static final int MAX_BOUNDARY_LENGTH = 100_000;
  private static final int MAX_BOUNDARY_ITEMS = 1_000;
  private static final int MAX_ENUM_VALUES = 50;

  private final Schemas schemas;
  private final JsonObject root;
  private final ValueBuilder builder;
  private final List<TestCase> cases = new ArrayList<>();
  private final List<String> notes;

  ValidCases(Schemas schemas, JsonObject root, ValueBuilder builder, List<String> notes) {
    this.schemas = schemas;
    this.root = root;
    this.builder = builder;
    this.notes = notes;
  }

  /** @return at most {@code limit} distinct valid cases, the named ones first */
  List<TestCase> generate(Object full, int limit) {
    add("valid: required fields only", () -> builder.build(root, "", Mode.REQUIRED, Plan.none()), false);
    if (full != null) {
      add("valid: every optional field", () -> full, true);
    }
    if (full != null) {
      for (Sites.Site site : Sites.of(schemas, root, full)) {
        site(site);
      }
    }
    for (int k = 1, tries = 0; cases.size() < limit && tries < limit * 3; tries++) {
      if (add("valid: random #" + k, () -> builder.build(root, "", Mode.RANDOM, Plan.none()), true)) {
        k++;
      }
    }
    return cases.size() > limit ? List.copyOf(cases.subList(0, limit)) : List.copyOf(cases);
  }

  private void site(Sites.Site site) {
    JsonObject s = site.schema();
    String path = site.path();
    String at = Schemas.shown(path);
    JsonObject e = site.effective();
    String type = Schemas.mainType(e);
    if ("string".equals(type) && !e.containsKey("pattern") && !e.containsKey("format") && !e.containsKey("enum")) {
      for (String keyword : List.of("minLength", "maxLength")) {
        if (e.getValue(keyword) instanceof Number n && n.intValue() <= MAX_BOUNDARY_LENGTH) {
          Plan plan = Plan.none();
          plan.lengths.put(path, n.intValue());
          planned("valid: " + keyword + " boundary of " + at, plan);
        }
      }
    }
    if (("integer".equals(type) || "number".equals(type)) && !e.containsKey("enum")) {
      ValueSamples.Range range = ValueSamples.Range.of(e, "integer".equals(type));
      for (String keyword : List.of("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")) {
        if (e.getValue(keyword) instanceof Number) {
          double bound = keyword.endsWith("inimum") ? range.low() : range.high();
          planned("valid: " + keyword + " boundary of " + at, Plan.value(path, range.pick(bound)));
        }
      }
    }
    if ("array".equals(type)) {
      for (String keyword : List.of("minItems", "maxItems")) {
        if (e.getValue(keyword) instanceof Number n && n.intValue() <= MAX_BOUNDARY_ITEMS) {
          Plan plan = Plan.none();
          plan.sizes.put(path, n.intValue());
          planned("valid: " + keyword + " boundary of " + at, plan);
        }
      }
    }
    if (e.getValue("enum") instanceof JsonArray values) {
      for (int i = 0; i < values.size() && i < MAX_ENUM_VALUES; i++) {
        planned("valid: enum value " + io.vertx.core.json.Json.encode(values.getValue(i)) + " of " + at, Plan.value(path, values.getValue(i)));
      }
    }
    String combinator = Schemas.combinator(s);
    if (combinator != null) {
      for (int i = 0; i < s.getJsonArray(combinator).size(); i++) {
        Plan plan = Plan.none();
        plan.branches.put(path, i);
        planned("valid: " + combinator + " branch " + i + " of " + at, plan);
      }
    }
    if (Schemas.types(e).contains("null") && !"null".equals(type) && !path.isEmpty()) {
      planned("valid: null at " + at, Plan.value(path, null));
    }
    if ("boolean".equals(type) && !e.containsKey("enum") && !e.containsKey("const")) {
      planned("valid: false at " + at, Plan.value(path, false));
    }
  }

  private void planned(String name, Plan plan) {
    add(name, () -> builder.build(root, "", Mode.FULL, plan), false);
  }

  /** @return whether a case was added (with {@code distinct}, only if no case has the same input yet) */
  private boolean add(String name, Supplier<Object> input, boolean distinct) {
    Object value;
    try {
      value = input.get();
    } catch (ValueBuilder.Unbuildable e) {
      notes.add(name + ": skipped, " + e.getMessage());
      return false;
    }
    if (value == null && !name.contains("null")) {
      return false;
    }
    for (TestCase c : cases) {
      if (distinct && String.valueOf(c.input()).equals(String.valueOf(value))) {
        return false;
      }
    }
    cases.add(new TestCase(name, true, value, "", null));
    return true;
  }
}
