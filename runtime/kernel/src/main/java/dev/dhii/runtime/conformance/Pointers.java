package dev.dhii.runtime.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Copies of a JSON value with one member replaced, added or removed at a JSON pointer. */
final class Pointers {

  private static final Object REMOVE = new Object();

  private Pointers() {
  }

  /** @return a deep copy of {@code root} with the value at {@code pointer} set to {@code value} (the root itself for "") */
  static Object with(Object root, String pointer, Object value) {
    return edit(root, pointer, value);
  }

  /** @return a deep copy of {@code root} without the member at {@code pointer} */
  static Object without(Object root, String pointer) {
    return edit(root, pointer, REMOVE);
  }

  private static Object edit(Object root, String pointer, Object value) {
    if (pointer.isEmpty()) {
      return value;
    }
    Object copy = copy(root);
    String[] tokens = pointer.substring(1).split("/", -1);
    Object at = copy;
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i].replace("~1", "/").replace("~0", "~");
      boolean last = i == tokens.length - 1;
      if (at instanceof JsonObject o) {
        if (last) {
          if (value == REMOVE) {
            o.remove(token);
          } else {
            o.put(token, value);
          }
        } else {
          at = o.getValue(token);
        }
      } else if (at instanceof JsonArray a) {
        int index = Integer.parseInt(token);
        if (last) {
          if (value == REMOVE) {
            a.remove(index);
          } else {
            a.set(index, value);
          }
        } else {
          at = a.getValue(index);
        }
      } else {
        throw new IllegalArgumentException("no member at " + pointer);
      }
    }
    return copy;
  }

  static Object copy(Object value) {
    if (value instanceof JsonObject o) {
      return o.copy();
    }
    if (value instanceof JsonArray a) {
      return a.copy();
    }
    return value;
  }
}
