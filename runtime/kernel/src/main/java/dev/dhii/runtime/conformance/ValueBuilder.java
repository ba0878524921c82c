package dev.dhii.runtime.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds a value valid for a schema node: only the required properties, every property, or a seeded random
 * choice of them; with a {@link Plan} forcing a value, a string length, an array size or a oneOf/anyOf
 * branch at given JSON pointers (how the boundary and enum cases are made).
 */
final class ValueBuilder {

  /** Which optional parts a built value has. */
  enum Mode { REQUIRED, FULL, RANDOM }

  /** What a case forces at given pointers; everything else is built by the mode. */
  static final class Plan {
    final Map<String, Object> values = new HashMap<>();
    final Map<String, Integer> lengths = new HashMap<>();
    final Map<String, Integer> sizes = new HashMap<>();
    final Map<String, Integer> branches = new HashMap<>();

    static Plan none() {
      return new Plan();
    }

    static Plan value(String path, Object value) {
      Plan plan = new Plan();
      plan.values.put(path, value);
      return plan;
    }
  }

  /** Built when a node has no value the generator can make (a pattern none of its samples matches). */
  static final class Unbuildable extends RuntimeException {
    Unbuildable(String path) {
      super("no value can be generated for " + Schemas.shown(path), null, false, false);
    }
  }

  private final Schemas schemas;
  private final ValueSamples samples;
  private final Random random;

  ValueBuilder(Schemas schemas, Random random) {
    this.schemas = schemas;
    this.samples = new ValueSamples(random);
    this.random = random;
  }

  /** @return a value for {@code node} at {@code path} @throws Unbuildable when none can be made */
  Object build(Object node, String path, Mode mode, Plan plan) {
    samples.reset();
    return build(node, path, mode, plan, 0, 0);
  }

  private Object build(Object node, String path, Mode mode, Plan plan, int depth, int salt) {
    if (plan.values.containsKey(path)) {
      return plan.values.get(path);
    }
    JsonObject s = schemas.resolve(node);
    if (s.containsKey("const")) {
      return s.getValue("const");
    }
    if (s.getValue("enum") instanceof JsonArray values && !values.isEmpty()) {
      int index = salt > 0 ? (salt - 1) % values.size() : mode == Mode.RANDOM ? random.nextInt(values.size()) : 0;
      return values.getValue(index);
    }
    for (String combinator : List.of("oneOf", "anyOf")) {
      if (s.getValue(combinator) instanceof JsonArray branches && !branches.isEmpty()) {
        int branch = plan.branches.getOrDefault(path, mode == Mode.RANDOM ? random.nextInt(branches.size()) : 0);
        return build(schemas.branch(s, combinator, branch), path, mode, plan, depth + 1, salt);
      }
    }
    String type = Schemas.mainType(s);
    if (type == null) {
      return salt > 0 ? "any" + salt : "any";
    }
    return switch (type) {
      case "null" -> null;
      case "boolean" -> mode == Mode.RANDOM ? random.nextBoolean() : Boolean.TRUE;
      case "integer" -> salt > 0 ? ValueSamples.Range.of(s, true).pick(salt) : samples.number(s, true);
      case "number" -> salt > 0 ? ValueSamples.Range.of(s, false).pick(salt + 0.5) : samples.number(s, false);
      case "string" -> {
        String named = plan.lengths.containsKey(path) ? null : samples.byName(propertyName(path), s);
        String value = named != null ? named : samples.string(s, plan.lengths.getOrDefault(path, -1), salt);
        if (value == null) {
          throw new Unbuildable(path);
        }
        yield value;
      }
      case "array" -> array(s, path, mode, plan, depth);
      default -> object(s, path, mode, plan, depth);
    };
  }

  /** @return the name of the property at {@code path}, or of the array property holding the item there */
  private static String propertyName(String path) {
    String[] tokens = path.split("/");
    for (int i = tokens.length - 1; i > 0; i--) {
      if (!tokens[i].matches("\\d+")) {
        return tokens[i];
      }
    }
    return null;
  }

  private JsonArray array(JsonObject s, String path, Mode mode, Plan plan, int depth) {
    int min = s.getInteger("minItems", 0);
    int max = s.getInteger("maxItems", Integer.MAX_VALUE);
    int size = switch (mode) {
      case REQUIRED -> min;
      case FULL -> Math.min(Math.max(min, 1), max);
      case RANDOM -> Math.min(min + random.nextInt(3), max);
    };
    size = plan.sizes.getOrDefault(path, size);
    JsonArray prefix = s.getJsonArray("prefixItems", new JsonArray());
    boolean unique = s.getBoolean("uniqueItems", false);
    JsonArray array = new JsonArray();
    for (int i = 0; i < size; i++) {
      Object items = i < prefix.size() ? prefix.getValue(i) : s.getValue("items");
      array.add(build(items, Schemas.child(path, i), mode, plan, depth + 1, unique ? i + 1 : 0));
    }
    return array;
  }

  private JsonObject object(JsonObject s, String path, Mode mode, Plan plan, int depth) {
    JsonObject properties = s.getJsonObject("properties", new JsonObject());
    List<String> names = new ArrayList<>(Schemas.required(s));
    if (depth < Schemas.MAX_DEPTH) {
      for (String name : properties.fieldNames()) {
        boolean optional = !names.contains(name);
        boolean wanted = mode == Mode.FULL || (mode == Mode.RANDOM && random.nextBoolean())
          || plan.values.keySet().stream().anyMatch(p -> p.startsWith(Schemas.child(path, name)))
          || plan.lengths.keySet().stream().anyMatch(p -> p.startsWith(Schemas.child(path, name)))
          || plan.sizes.keySet().stream().anyMatch(p -> p.startsWith(Schemas.child(path, name)))
          || plan.branches.keySet().stream().anyMatch(p -> p.startsWith(Schemas.child(path, name)));
        if (optional && wanted) {
          names.add(name);
        }
      }
    }
    JsonObject object = new JsonObject();
    for (String name : names) {
      Object child = properties.containsKey(name) ? properties.getValue(name) : s.getValue("additionalProperties");
      object.put(name, build(child, Schemas.child(path, name), mode, plan, depth + 1, 0));
    }
    return object;
  }
}
