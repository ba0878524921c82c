package dev.dhii.runtime.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compiled check for the common subset of JSON Schema (type, properties, required,
 * additionalProperties, items, string, number, array and object bounds, pattern, enum and const of
 * scalars), answering in a fraction of the general validator's time. It only ever answers "valid"
 * when the general validator would: anything it does not model makes {@link #compile} return null
 * (the general validator then checks every value), a {@code format} on a present value makes
 * {@link #check} unsure, and every "invalid" is confirmed and explained by the general validator.
 */
final class FastSchema {

  private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description", "default",
    "examples", "readOnly", "writeOnly", "deprecated");
  private static final Set<String> SUPPORTED = Set.of("type", "properties", "required", "additionalProperties", "items",
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems",
    "maxItems", "minProperties", "maxProperties", "enum", "const", "format");

  /** The outcome of a check: valid, invalid, or unsure (ask the general validator). */
  enum Result { VALID, INVALID, UNSURE }

  private final Node root;

  private FastSchema(Node root) {
    this.root = root;
  }

  /** @param schema a JSON Schema @return its compiled check, or null if it uses anything not modelled */
  static FastSchema compile(JsonObject schema) {
    try {
      return new FastSchema(node(schema));
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /** @param value a JSON value @return whether it is valid, or UNSURE */
  Result check(Object value) {
    return root.check(value);
  }

  private static Node node(Object schema) {
    if (schema instanceof Boolean b) {
      return b ? Node.ANY : Node.NONE;
    }
    if (!(schema instanceof JsonObject s)) {
      throw new UnsupportedOperationException();
    }
    Node n = new Node();
    for (String key : s.fieldNames()) {
      if (!ANNOTATIONS.contains(key) && !SUPPORTED.contains(key)) {
        throw new UnsupportedOperationException(key);
      }
    }
    Object type = s.getValue("type");
    if (type instanceof String t) {
      n.types = Set.of(t);
    } else if (type instanceof JsonArray a) {
      n.types = new HashSet<>();
      a.forEach(t -> n.types.add((String) t));
    } else if (type != null) {
      throw new UnsupportedOperationException("type");
    }
    JsonObject properties = s.getJsonObject("properties");
    if (properties != null) {
      n.properties = new HashMap<>();
      for (String name : properties.fieldNames()) {
        n.properties.put(name, node(properties.getValue(name)));
      }
    }
    JsonArray required = s.getJsonArray("required");
    if (required != null) {
      n.required = new HashSet<>();
      required.forEach(r -> n.required.add((String) r));
    }
    if (s.containsKey("additionalProperties")) {
      n.additional = node(s.getValue("additionalProperties"));
    }
    if (s.containsKey("items")) {
      n.items = node(s.getValue("items"));
    }
    n.minLength = s.getInteger("minLength");
    n.maxLength = s.getInteger("maxLength");
    n.minItems = s.getInteger("minItems");
    n.maxItems = s.getInteger("maxItems");
    n.minProperties = s.getInteger("minProperties");
    n.maxProperties = s.getInteger("maxProperties");
    String pattern = s.getString("pattern");
    n.pattern = pattern == null ? null : Pattern.compile(pattern);
    n.minimum = decimal(s.getValue("minimum"));
    n.maximum = decimal(s.getValue("maximum"));
    n.exclusiveMinimum = decimal(s.getValue("exclusiveMinimum"));
    n.exclusiveMaximum = decimal(s.getValue("exclusiveMaximum"));
    n.format = s.containsKey("format");
    if (s.containsKey("enum")) {
      n.enumValues = scalars(s.getJsonArray("enum").getList());
    }
    if (s.containsKey("const")) {
      n.enumValues = scalars(List.of(s.getValue("const") == null ? NULL : s.getValue("const")));
    }
    return n;
  }

  private static final Object NULL = new Object();

  private static List<Object> scalars(List<?> values) {
    for (Object v : values) {
      if (!(v instanceof String || v instanceof Boolean || v == null || v == NULL)) {
        throw new UnsupportedOperationException("enum of non-scalars");
      }
    }
    return values.stream().map(v -> v == NULL ? null : (Object) v).toList();
  }

  private static BigDecimal decimal(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n)) {
      throw new UnsupportedOperationException("bound");
    }
    return new BigDecimal(n.toString());
  }

  /** One compiled (sub)schema. */
  private static final class Node {
    static final Node ANY = new Node();
    static final Node NONE = new Node();

    Set<String> types;
    Map<String, Node> properties;
    Set<String> required;
    Node additional;
    Node items;
    Integer minLength;
    Integer maxLength;
    Integer minItems;
    Integer maxItems;
    Integer minProperties;
    Integer maxProperties;
    Pattern pattern;
    BigDecimal minimum;
    BigDecimal maximum;
    BigDecimal exclusiveMinimum;
    BigDecimal exclusiveMaximum;
    boolean format;
    List<Object> enumValues;

    Result check(Object value) {
      if (this == NONE) {
        return Result.INVALID;
      }
      if (types != null && !typeMatches(value)) {
        return Result.INVALID;
      }
      if (enumValues != null && !enumValues.contains(value)) {
        return Result.INVALID;
      }
      if (value instanceof CharSequence text) {
        return checkString(text.toString());
      }
      if (value instanceof Number number) {
        return checkNumber(number);
      }
      if (value instanceof JsonObject object) {
        return checkObject(object.getMap());
      }
      if (value instanceof Map<?, ?> map) {
        return checkObject(map);
      }
      if (value instanceof JsonArray array) {
        return checkArray(array.getList());
      }
      if (value instanceof List<?> list) {
        return checkArray(list);
      }
      return Result.VALID;
    }

    private boolean typeMatches(Object value) {
      for (String type : types) {
        boolean match = switch (type) {
          case "object" -> value instanceof JsonObject || value instanceof Map;
          case "array" -> value instanceof JsonArray || value instanceof List;
          case "string" -> value instanceof CharSequence;
          case "boolean" -> value instanceof Boolean;
          case "null" -> value == null;
          case "number" -> value instanceof Number;
          case "integer" -> isInteger(value);
          default -> throw new IllegalStateException("unknown type " + type);
        };
        if (match) {
          return true;
        }
      }
      return false;
    }

    private static boolean isInteger(Object value) {
      if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger) {
        return true;
      }
      if (value instanceof Double || value instanceof Float) {
        double d = ((Number) value).doubleValue();
        return !Double.isInfinite(d) && d == Math.rint(d);
      }
      return value instanceof BigDecimal b && b.stripTrailingZeros().scale() <= 0;
    }

    private Result checkString(String text) {
      if (minLength != null || maxLength != null) {
        int length = text.codePointCount(0, text.length());
        if ((minLength != null && length < minLength) || (maxLength != null && length > maxLength)) {
          return Result.INVALID;
        }
      }
      if (pattern != null && !pattern.matcher(text).find()) {
        return Result.INVALID;
      }
      return format ? Result.UNSURE : Result.VALID;
    }

    private Result checkNumber(Number number) {
      if (minimum == null && maximum == null && exclusiveMinimum == null && exclusiveMaximum == null) {
        return format ? Result.UNSURE : Result.VALID;
      }
      BigDecimal d = new BigDecimal(number.toString());
      if ((minimum != null && d.compareTo(minimum) < 0) || (maximum != null && d.compareTo(maximum) > 0)
        || (exclusiveMinimum != null && d.compareTo(exclusiveMinimum) <= 0)
        || (exclusiveMaximum != null && d.compareTo(exclusiveMaximum) >= 0)) {
        return Result.INVALID;
      }
      return format ? Result.UNSURE : Result.VALID;
    }

    private Result checkObject(Map<?, ?> map) {
      if ((minProperties != null && map.size() < minProperties) || (maxProperties != null && map.size() > maxProperties)) {
        return Result.INVALID;
      }
      if (required != null) {
        for (String name : required) {
          if (!map.containsKey(name)) {
            return Result.INVALID;
          }
        }
      }
      Result result = format ? Result.UNSURE : Result.VALID;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Node child = properties == null ? null : properties.get(String.valueOf(e.getKey()));
        if (child == null) {
          child = additional;
        }
        if (child != null && child != ANY) {
          Result r = child.check(e.getValue());
          if (r == Result.INVALID) {
            return r;
          }
          if (r == Result.UNSURE) {
            result = r;
          }
        }
      }
      return result;
    }

    private Result checkArray(List<?> list) {
      if ((minItems != null && list.size() < minItems) || (maxItems != null && list.size() > maxItems)) {
        return Result.INVALID;
      }
      Result result = format ? Result.UNSURE : Result.VALID;
      if (items != null && items != ANY) {
        for (Object item : list) {
          Result r = items.check(item);
          if (r == Result.INVALID) {
            return r;
          }
          if (r == Result.UNSURE) {
            result = r;
          }
        }
      }
      return result;
    }
  }
}
