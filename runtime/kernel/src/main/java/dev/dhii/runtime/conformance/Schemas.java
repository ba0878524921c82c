package dev.dhii.runtime.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reading a JSON Schema (2020-12 or draft-07, as capability schemas use them) for the generators: local
 * {@code $ref}s ({@code #/$defs/..}, {@code #/definitions/..}) resolved, {@code allOf} merged, the types a
 * node admits, and JSON pointers.
 */
final class Schemas {

  /** How many {@code $ref}s deep a value is built; deeper, a recursive schema gets only what it requires. */
  static final int MAX_DEPTH = 8;

  private final JsonObject root;

  Schemas(JsonObject root) {
    this.root = root;
  }

  /** @return the node with its local {@code $ref} followed (sibling keywords kept) and its {@code allOf} merged */
  JsonObject resolve(Object node) {
    if (!(node instanceof JsonObject schema)) {
      return new JsonObject(); // true (or a missing schema): anything
    }
    JsonObject current = schema;
    for (int hops = 0; current.getValue("$ref") instanceof String ref && hops < MAX_DEPTH; hops++) {
      Object target = lookup(ref);
      JsonObject merged = target instanceof JsonObject t ? t.copy() : new JsonObject();
      current.forEach(e -> {
        if (!e.getKey().equals("$ref")) {
          merged.put(e.getKey(), e.getValue());
        }
      });
      current = merged;
    }
    if (current.getValue("allOf") instanceof JsonArray all) {
      JsonObject merged = current.copy();
      merged.remove("allOf");
      for (Object part : all) {
        mergeInto(merged, resolve(part));
      }
      current = merged;
    }
    return current;
  }

  /**
   * @return the node with its {@code combinator} ({@code oneOf}/{@code anyOf}) replaced by branch {@code index}
   *     (clamped): the branch's keywords added where the node has none of its own
   */
  JsonObject branch(JsonObject s, String combinator, int index) {
    JsonArray branches = s.getJsonArray(combinator);
    JsonObject merged = s.copy();
    merged.remove(combinator);
    mergeInto(merged, resolve(branches.getValue(Math.max(0, Math.min(index, branches.size() - 1)))));
    return merged;
  }

  /** @return the first of {@code oneOf}/{@code anyOf} the node has, or null */
  static String combinator(JsonObject s) {
    for (String c : new String[] {"oneOf", "anyOf"}) {
      if (s.getValue(c) instanceof JsonArray a && !a.isEmpty()) {
        return c;
      }
    }
    return null;
  }

  private static void mergeInto(JsonObject into, JsonObject part) {
    part.forEach(e -> {
      String key = e.getKey();
      Object value = e.getValue();
      if (key.equals("properties") && value instanceof JsonObject props) {
        JsonObject mine = into.getJsonObject("properties", new JsonObject());
        props.forEach(p -> mine.put(p.getKey(), p.getValue()));
        into.put("properties", mine);
      } else if (key.equals("required") && value instanceof JsonArray req) {
        Set<Object> all = new LinkedHashSet<>(into.getJsonArray("required", new JsonArray()).getList());
        all.addAll(req.getList());
        into.put("required", new JsonArray(new ArrayList<>(all)));
      } else if (!into.containsKey(key)) {
        into.put(key, value);
      }
    });
  }

  private Object lookup(String ref) {
    if (!ref.startsWith("#")) {
      return null; // a remote reference: not followed (the validator has no network either)
    }
    Object at = root;
    for (String token : ref.substring(1).split("/")) {
      if (token.isEmpty()) {
        continue;
      }
      String key = token.replace("~1", "/").replace("~0", "~");
      at = at instanceof JsonObject o ? o.getValue(key) : null;
    }
    return at;
  }

  /** @return the JSON types the node admits, in its order ({@code "integer"} kept apart from {@code "number"}) */
  static List<String> types(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof String s) {
      return List.of(s);
    }
    if (type instanceof JsonArray array) {
      List<String> list = new ArrayList<>();
      array.forEach(t -> list.add(String.valueOf(t)));
      return list;
    }
    if (schema.containsKey("properties") || schema.containsKey("required") || schema.containsKey("additionalProperties")) {
      return List.of("object");
    }
    if (schema.containsKey("items") || schema.containsKey("prefixItems") || schema.containsKey("minItems")) {
      return List.of("array");
    }
    if (schema.containsKey("minLength") || schema.containsKey("maxLength") || schema.containsKey("pattern")
      || schema.containsKey("format")) {
      return List.of("string");
    }
    if (schema.containsKey("minimum") || schema.containsKey("maximum") || schema.containsKey("exclusiveMinimum")
      || schema.containsKey("exclusiveMaximum")) {
      return List.of("number");
    }
    return List.of();
  }

  /** @return the first type other than null, or null when the node admits only null (or says nothing) */
  static String mainType(JsonObject schema) {
    for (String t : types(schema)) {
      if (!t.equals("null")) {
        return t;
      }
    }
    return types(schema).isEmpty() ? null : "null";
  }

  /** @return the required property names of an object schema */
  static List<String> required(JsonObject schema) {
    List<String> list = new ArrayList<>();
    schema.getJsonArray("required", new JsonArray()).forEach(r -> list.add(String.valueOf(r)));
    return list;
  }

  /** @return {@code base} with {@code token} appended as a JSON pointer token */
  static String child(String base, Object token) {
    return base + "/" + String.valueOf(token).replace("~", "~0").replace("/", "~1");
  }

  /** @return the pointer shown in case names: the root is {@code /} */
  static String shown(String pointer) {
    return pointer.isEmpty() ? "/" : pointer;
  }
}
