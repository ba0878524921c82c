package dev.dhii.runtime.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The size in bytes of a JSON value's compact UTF-8 encoding, computed by walking it rather than
 * encoding it (the payload limit is checked on every call that arrives without a size), and stopping
 * as soon as a limit is passed.
 */
final class JsonSize {

  private JsonSize() {
  }

  /**
   * @param value a JSON value (JsonObject, JsonArray, Map, List, String, Number, Boolean or null)
   * @param limit stop counting once the size passes this
   * @return the encoded size, or some value above {@code limit} once it is passed
   */
  static long of(Object value, long limit) {
    return size(value, 0, limit);
  }

  @SuppressWarnings("unchecked")
  private static long size(Object value, long acc, long limit) {
    if (acc > limit) {
      return acc;
    }
    if (value instanceof JsonObject json) {
      return map(json.getMap(), acc, limit);
    }
    if (value instanceof Map<?, ?> map) {
      return map((Map<String, Object>) map, acc, limit);
    }
    if (value instanceof JsonArray array) {
      return list(array.getList(), acc, limit);
    }
    if (value instanceof List<?> list) {
      return list(list, acc, limit);
    }
    if (value instanceof CharSequence s) {
      return acc + string(s);
    }
    if (value == null) {
      return acc + 4;
    }
    return acc + value.toString().length(); // numbers and booleans
  }

  private static long map(Map<String, Object> map, long acc, long limit) {
    acc += map.isEmpty() ? 2 : 1; // braces; each entry adds its comma or the closing brace
    for (Map.Entry<String, Object> e : map.entrySet()) {
      acc = size(e.getValue(), acc + string(e.getKey()) + 2, limit);
      if (acc > limit) {
        return acc;
      }
    }
    return acc;
  }

  private static long list(List<?> list, long acc, long limit) {
    acc += list.isEmpty() ? 2 : 1;
    for (Object item : list) {
      acc = size(item, acc + 1, limit);
      if (acc > limit) {
        return acc;
      }
    }
    return acc;
  }

  private static long string(CharSequence s) {
    long n = 2;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        n += 2;
      } else if (c < 0x20) {
        n += (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') ? 2 : 6;
      } else if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
