package dev.dhii.runtime.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * A capability's JSON Schema (draft 2020-12) as an OpenAPI 3.1 Schema Object placed in
 * {@code components/schemas}. OpenAPI 3.1 takes 2020-12 as it is, save for what names a document of its own:
 * {@code $schema} and {@code $id} are dropped (the dialect is the document's, and an {@code $id} would move the
 * base of every reference), and a local reference ({@code #/$defs/X}, {@code #/properties/a}, {@code #}) is
 * rewritten to point into the component, since {@code #} now means the OpenAPI document. A name in
 * {@code required} with no entry in {@code properties} gets the empty schema there (which allows any value,
 * so the schema accepts exactly what it did) unless other properties are closed off. A boolean subschema is
 * written as the object schema meaning the same ({@code {}}, {@code {"not": {}}}), save where {@code false} is
 * the usual form ({@code additionalProperties} and the like). Only schema keywords are
 * descended into: a property that happens to be called {@code $ref} or {@code $schema} stays as it is.
 */
final class SchemaObjects {

  /** Keywords whose value is a map of names to schemas. */
  private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "definitions",
    "dependentSchemas");
  /** Keywords whose value is one schema. */
  private static final Set<String> SCHEMAS = Set.of("not", "if", "then", "else", "additionalProperties", "contains",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema");
  /** Keywords whose value is a list of schemas ({@code items} may also be one schema). */
  private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems", "items");

  private SchemaObjects() {
  }

  /**
   * @param schema a JSON Schema (an object or a boolean), or null for none (any value)
   * @param componentName the name it gets under {@code #/components/schemas}
   * @return the Schema Object, a new object
   */
  static JsonObject component(Object schema, String componentName) {
    return asObject(convert(schema, "#/components/schemas/" + componentName));
  }

  /** Where a boolean schema stays one (the linters take {@code false} there, and it reads best). */
  private static final Set<String> BOOLEAN_ALLOWED = Set.of("additionalProperties", "unevaluatedProperties",
    "unevaluatedItems");

  private static Object convert(Object schema, String base) {
    if (!(schema instanceof JsonObject object)) {
      return asObject(schema);
    }
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : object) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key.equals("$schema") || (key.equals("$id") && value instanceof String)) {
        continue;
      }
      if (key.equals("$ref") && value instanceof String ref) {
        out.put(key, ref.startsWith("#") ? base + ref.substring(1) : ref);
      } else if (SCHEMA_MAPS.contains(key) && value instanceof JsonObject map) {
        JsonObject converted = new JsonObject();
        map.forEach(entry -> converted.put(entry.getKey(), convert(entry.getValue(), base)));
        out.put(key, converted);
      } else if (SCHEMAS.contains(key)) {
        out.put(key, BOOLEAN_ALLOWED.contains(key) && value instanceof Boolean ? value : convert(value, base));
      } else if (SCHEMA_LISTS.contains(key) && value instanceof JsonArray list) {
        JsonArray converted = new JsonArray();
        list.forEach(item -> converted.add(convert(item, base)));
        out.put(key, converted);
      } else if (key.equals("items")) {
        out.put(key, convert(value, base));
      } else {
        out.put(key, value instanceof JsonObject o ? o.copy() : value instanceof JsonArray a ? a.copy() : value);
      }
    }
    declareRequired(out);
    return out;
  }

  /** Gives each required name without a property schema the empty one, where that changes nothing. */
  private static void declareRequired(JsonObject schema) {
    if (!(schema.getValue("required") instanceof JsonArray required) || closed(schema)) {
      return;
    }
    Object props = schema.getValue("properties");
    if (props != null && !(props instanceof JsonObject)) {
      return;
    }
    JsonObject properties = props == null ? new JsonObject() : (JsonObject) props;
    boolean added = false;
    for (Object name : required) {
      if (name instanceof String n && !properties.containsKey(n)) {
        properties.put(n, new JsonObject());
        added = true;
      }
    }
    if (added && props == null) {
      schema.put("properties", properties);
    }
  }

  /** Whether names outside {@code properties} are constrained, so that declaring one would change the schema. */
  private static boolean closed(JsonObject schema) {
    Object additional = schema.getValue("additionalProperties");
    Object unevaluated = schema.getValue("unevaluatedProperties");
    return (additional != null && !Boolean.TRUE.equals(additional))
      || (unevaluated != null && !Boolean.TRUE.equals(unevaluated))
      || schema.containsKey("patternProperties") || schema.containsKey("propertyNames");
  }

  /**
   * A schema where the linters take only an object: {@code true} is {@code {}}, {@code false} is
   * {@code {"not": {}}} (the same schemas); anything else that is not a schema is taken as the empty one.
   */
  private static JsonObject asObject(Object schema) {
    if (schema instanceof JsonObject object) {
      return object;
    }
    return Boolean.FALSE.equals(schema) ? new JsonObject().put("not", new JsonObject()) : new JsonObject();
  }
}
