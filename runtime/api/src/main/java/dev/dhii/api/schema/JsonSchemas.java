package dev.dhii.api.schema;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates JSON Schema (draft 2020-12) from Java types, the way Pydantic's {@code model_json_schema()}
 * does from models. Records become objects whose components are properties: primitives are always
 * required, reference types are required unless {@code @Schema(required = false)}. Unknown properties
 * are allowed, as in Pydantic. Recursive records are rejected.
 */
public final class JsonSchemas {

  /** The {@code $schema} dialect of every generated schema. */
  public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private JsonSchemas() {
  }

  /**
   * @param type a record, {@link JsonObject}, or any supported value type
   * @return the type's JSON Schema, with {@code $schema} and {@code title}
   * @throws IllegalArgumentException for unsupported or recursive types
   */
  public static JsonObject of(Class<?> type) {
    JsonObject schema = new JsonObject().put("$schema", DRAFT_2020_12).put("title", type.getSimpleName());
    schema.mergeIn(schemaOf(type, new HashSet<>()));
    return schema;
  }

  private static JsonObject schemaOf(Type type, Set<Class<?>> visiting) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        JsonObject array = new JsonObject().put("type", "array").put("items", schemaOf(args[0], visiting));
        return Set.class.isAssignableFrom(raw) ? array.put("uniqueItems", true) : array;
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (args[0] != String.class) {
          throw new IllegalArgumentException("Map keys must be String: " + type);
        }
        return new JsonObject().put("type", "object").put("additionalProperties", schemaOf(args[1], visiting));
      }
      return schemaOf(raw, visiting);
    }
    if (type instanceof WildcardType w) {
      return schemaOf(w.getUpperBounds()[0], visiting);
    }
    if (type instanceof GenericArrayType g) {
      return new JsonObject().put("type", "array").put("items", schemaOf(g.getGenericComponentType(), visiting));
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException("Unsupported type for a JSON Schema: " + type);
    }
    return classSchema(c, visiting);
  }

  private static JsonObject classSchema(Class<?> c, Set<Class<?>> visiting) {
    if (c == String.class || c == char.class || c == Character.class) {
      return new JsonObject().put("type", "string");
    }
    if (c == boolean.class || c == Boolean.class) {
      return new JsonObject().put("type", "boolean");
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class
      || c == Short.class || c == byte.class || c == Byte.class || c == BigInteger.class) {
      return new JsonObject().put("type", "integer");
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class) {
      return new JsonObject().put("type", "number");
    }
    if (c.isEnum()) {
      JsonArray values = new JsonArray();
      for (Object constant : c.getEnumConstants()) {
        values.add(((Enum<?>) constant).name());
      }
      return new JsonObject().put("type", "string").put("enum", values);
    }
    if (c.isArray()) {
      return new JsonObject().put("type", "array").put("items", schemaOf(c.getComponentType(), visiting));
    }
    if (c == JsonObject.class || Map.class.isAssignableFrom(c)) {
      return new JsonObject().put("type", "object");
    }
    if (c == JsonArray.class || Collection.class.isAssignableFrom(c)) {
      return new JsonObject().put("type", "array");
    }
    if (c == Object.class) {
      return new JsonObject();
    }
    if (c.isRecord()) {
      return recordSchema(c, visiting);
    }
    throw new IllegalArgumentException("Unsupported type for a JSON Schema: " + c.getName()
      + " (use records, primitives, String, enums, List, Set, Map<String, ?>, JsonObject)");
  }

  private static JsonObject recordSchema(Class<?> record, Set<Class<?>> visiting) {
    if (!visiting.add(record)) {
      throw new IllegalArgumentException("Recursive record types are not supported: " + record.getName());
    }
    JsonObject properties = new JsonObject();
    List<String> required = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      Schema annotation = component.getAnnotation(Schema.class);
      JsonObject property = schemaOf(component.getGenericType(), visiting);
      if (annotation != null) {
        refine(property, annotation, component);
      }
      properties.put(component.getName(), property);
      if (component.getType().isPrimitive() || annotation == null || annotation.required()) {
        required.add(component.getName());
      }
    }
    visiting.remove(record);
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", new JsonArray(required));
    }
    Schema typeAnnotation = record.getAnnotation(Schema.class);
    if (typeAnnotation != null && !typeAnnotation.description().isEmpty()) {
      schema.put("description", typeAnnotation.description());
    }
    return schema;
  }

  private static void refine(JsonObject property, Schema a, RecordComponent component) {
    if (!a.description().isEmpty()) {
      property.put("description", a.description());
    }
    if (a.minLength() >= 0) {
      property.put("minLength", a.minLength());
    }
    if (a.maxLength() >= 0) {
      property.put("maxLength", a.maxLength());
    }
    if (!a.pattern().isEmpty()) {
      property.put("pattern", a.pattern());
    }
    if (!a.format().isEmpty()) {
      property.put("format", a.format());
    }
    if (!Double.isNaN(a.minimum())) {
      property.put("minimum", number(a.minimum()));
    }
    if (!Double.isNaN(a.maximum())) {
      property.put("maximum", number(a.maximum()));
    }
    if (a.minItems() >= 0) {
      property.put("minItems", a.minItems());
    }
    if (a.maxItems() >= 0) {
      property.put("maxItems", a.maxItems());
    }
    if (!a.defaultValue().isEmpty()) {
      try {
        property.put("default", Json.decodeValue(a.defaultValue()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("@Schema(defaultValue) of " + component + " is not JSON: " + a.defaultValue(), e);
      }
    }
  }

  private static Number number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
  }
}
