package dev.dhii.runtime.conformance;

import dev.dhii.runtime.conformance.ValueBuilder.Mode;
import dev.dhii.runtime.conformance.ValueBuilder.Plan;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The invalid inputs of a schema: the input with every optional field, changed at one place so that it
 * breaks exactly one constraint there: a required property missing, a value of the wrong type, a string too
 * short or too long or not matching its pattern or format, a number past a bound, too few or too many or
 * repeated items, a value outside its enum or const, a property that {@code additionalProperties: false}
 * forbids. Wrong types are not generated where an enum or const applies (both would break).
 */
final class InvalidCases {

  /** The name of the property added where {@code additionalProperties: false} forbids it. */
  static final String UNEXPECTED = "conformance_unexpected";
  private static final int MAX_LENGTH = 1_000_000;
  private static final int MAX_ITEMS = 1_000;

  private final Schemas schemas;
  private final JsonObject root;
  private final ValueBuilder builder;
  private final List<TestCase> cases = new ArrayList<>();
  private final List<String> notes;

  InvalidCases(Schemas schemas, JsonObject root, ValueBuilder builder, List<String> notes) {
    this.schemas = schemas;
    this.root = root;
    this.builder = builder;
    this.notes = notes;
  }

  /** @return at most {@code limit} invalid cases, parents' constraints before children's */
  List<TestCase> generate(Object full, int limit) {
    if (full == null) {
      return List.of();
    }
    for (Sites.Site site : Sites.of(schemas, root, full)) {
      site(full, site);
    }
    return cases.size() > limit ? List.copyOf(cases.subList(0, limit)) : List.copyOf(cases);
  }

  private void site(Object full, Sites.Site site) {
    JsonObject e = site.effective();
    String path = site.path();
    String at = Schemas.shown(path);
    if (site.branched()) {
      return; // inside a oneOf/anyOf, one broken constraint breaks the combination too: not exactly one
    }
    List<String> types = Schemas.types(e);
    boolean fixed = e.containsKey("enum") || e.containsKey("const");
    if (!types.isEmpty() && !fixed) {
      Object wrong = wrongType(types);
      add("invalid: wrong type at " + at + " (" + jsonType(wrong) + " instead of " + String.join("|", types) + ")",
        Pointers.with(full, path, wrong), path, "type");
      if (types.contains("integer") && !types.contains("number")) {
        ValueSamples.Range range = ValueSamples.Range.of(e, true);
        if (range.low() + 0.5 <= range.high()) {
          add("invalid: not an integer at " + at, Pointers.with(full, path, range.low() + 0.5), path, "type");
        }
      }
    }
    if (e.getValue("enum") instanceof JsonArray values) {
      add("invalid: not in enum at " + at, Pointers.with(full, path, outside(values)), path, "enum");
    }
    if (e.containsKey("const")) {
      add("invalid: not the const at " + at, Pointers.with(full, path, outside(new JsonArray().add(e.getValue("const")))),
        path, "const");
    }
    String type = Schemas.mainType(e);
    if (fixed || type == null) {
      return;
    }
    switch (type) {
      case "object" -> object(full, e, path, at, site.value());
      case "string" -> string(full, e, path, at);
      case "integer", "number" -> number(full, e, path, at, type.equals("integer"));
      case "array" -> array(e, path, at, site.value());
      default -> { }
    }
  }

  private void object(Object full, JsonObject e, String path, String at, Object value) {
    for (String name : Schemas.required(e)) {
      add("invalid: missing required " + Schemas.child(path, name), Pointers.without(full, Schemas.child(path, name)),
        path, "required");
    }
    if (Boolean.FALSE.equals(e.getValue("additionalProperties")) || Boolean.FALSE.equals(e.getValue("unevaluatedProperties"))) {
      if (value instanceof JsonObject o && !o.containsKey(UNEXPECTED)) {
        add("invalid: additionalProperties:false violated at " + at, Pointers.with(full, Schemas.child(path, UNEXPECTED), "x"),
          Schemas.child(path, UNEXPECTED), e.containsKey("additionalProperties") ? "additionalProperties" : "unevaluatedProperties");
      }
    }
  }

  private void string(Object full, JsonObject e, String path, String at) {
    boolean shaped = e.containsKey("pattern") || e.containsKey("format");
    if (!shaped && e.getValue("minLength") instanceof Number min && min.intValue() > 0) {
      add("invalid: below minLength of " + at, Pointers.with(full, path, ValueSamples.fit("x", min.intValue() - 1)), path, "minLength");
    }
    if (!shaped && e.getValue("maxLength") instanceof Number max && max.intValue() < MAX_LENGTH) {
      add("invalid: over maxLength of " + at, Pointers.with(full, path, ValueSamples.fit("x", max.intValue() + 1)), path, "maxLength");
    }
    if (e.getValue("pattern") instanceof String pattern) {
      String bad = ValueSamples.notMatching(e);
      if (bad == null) {
        notes.add("invalid: pattern of " + at + ": skipped, no sample fails " + pattern);
      } else {
        add("invalid: pattern of " + at, Pointers.with(full, path, bad), path, "pattern");
      }
    }
    String format = e.getString("format");
    if (format != null && ValueSamples.BAD_FORMATS.containsKey(format) && !e.containsKey("pattern")) {
      add("invalid: format " + format + " of " + at, Pointers.with(full, path, ValueSamples.BAD_FORMATS.get(format)), path, "format");
    }
  }

  private void number(Object full, JsonObject e, String path, String at, boolean integer) {
    double step = e.getValue("multipleOf") instanceof Number m ? m.doubleValue() : integer ? 1 : 0.5;
    if (e.getValue("minimum") instanceof Number min) {
      add("invalid: below minimum of " + at, Pointers.with(full, path, ValueSamples.number(min.doubleValue() - step, integer)), path, "minimum");
    }
    if (e.getValue("exclusiveMinimum") instanceof Number min) {
      double v = integer ? Math.floor(min.doubleValue()) : min.doubleValue();
      add("invalid: at exclusiveMinimum of " + at, Pointers.with(full, path, ValueSamples.number(v, integer)), path, "exclusiveMinimum");
    }
    if (e.getValue("maximum") instanceof Number max) {
      add("invalid: over maximum of " + at, Pointers.with(full, path, ValueSamples.number(max.doubleValue() + step, integer)), path, "maximum");
    }
    if (e.getValue("exclusiveMaximum") instanceof Number max) {
      double v = integer ? Math.ceil(max.doubleValue()) : max.doubleValue();
      add("invalid: at exclusiveMaximum of " + at, Pointers.with(full, path, ValueSamples.number(v, integer)), path, "exclusiveMaximum");
    }
  }

  private void array(JsonObject e, String path, String at, Object value) {
    if (e.getValue("minItems") instanceof Number min && min.intValue() > 0) {
      sized("invalid: below minItems of " + at, path, min.intValue() - 1, "minItems");
    }
    if (e.getValue("maxItems") instanceof Number max && max.intValue() < MAX_ITEMS) {
      sized("invalid: over maxItems of " + at, path, max.intValue() + 1, "maxItems");
    }
    int max = e.getInteger("maxItems", Integer.MAX_VALUE);
    if (e.getBoolean("uniqueItems", false) && max >= 2 && value instanceof JsonArray array && !array.isEmpty()) {
      JsonArray repeated = new JsonArray();
      for (int i = 0; i < Math.max(2, e.getInteger("minItems", 0)); i++) {
        repeated.add(Pointers.copy(array.getValue(0)));
      }
      Plan plan = Plan.value(path, repeated);
      add("invalid: repeated items at " + at, built(plan), path, "uniqueItems");
    }
  }

  private void sized(String name, String path, int size, String keyword) {
    Plan plan = Plan.none();
    plan.sizes.put(path, size);
    add(name, built(plan), path, keyword);
  }

  private Object built(Plan plan) {
    try {
      return builder.build(root, "", Mode.FULL, plan);
    } catch (ValueBuilder.Unbuildable e) {
      return null;
    }
  }

  private void add(String name, Object input, String pointer, String keyword) {
    if (input == null && !pointer.isEmpty()) {
      notes.add(name + ": skipped, no value can be generated");
      return;
    }
    cases.add(new TestCase(name, false, input, pointer, keyword));
  }

  /** @return a value of a JSON type none of {@code types} admits */
  static Object wrongType(List<String> types) {
    if (!types.contains("string")) {
      return "conformance-wrong-type";
    }
    if (!types.contains("integer") && !types.contains("number")) {
      return 12345L;
    }
    if (!types.contains("boolean")) {
      return Boolean.TRUE;
    }
    return types.contains("object") ? new JsonArray().add("x") : new JsonObject().put("x", 1);
  }

  static String jsonType(Object value) {
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Number) {
      return value instanceof Double || value instanceof Float ? "number" : "integer";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof JsonArray) {
      return "array";
    }
    return value == null ? "null" : "object";
  }

  /** @return a value of the first member's type that is none of {@code values} */
  private static Object outside(JsonArray values) {
    Object first = values.isEmpty() ? null : values.getValue(0);
    List<Object> candidates = first instanceof Number ? List.of(987654321L, 987654322L, -987654321L)
      : first instanceof Boolean ? List.of(Boolean.TRUE, Boolean.FALSE, "conformance-not-in-enum")
      : List.of("conformance-not-in-enum", "conformance-not-in-enum-2");
    for (Object candidate : candidates) {
      if (!values.getList().contains(candidate) && !Json.encode(values).contains(Json.encode(candidate))) {
        return candidate;
      }
    }
    return 987654323L;
  }
}
