package dev.dhii.runtime.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.dhii.runtime.json.StrictJson.InvalidJsonException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the tree of one JSON document from Jackson's tokens: objects, arrays and scalars, refusing duplicate
 * keys, lone surrogates, infinite numbers and anything after the value, and keeping the JSON pointer of the
 * value being read for the error.
 */
final class JsonTreeReader {

  private JsonTreeReader() {
  }

  static Object parseDocument(JsonParser parser, boolean bytes) throws IOException {
    Path path = new Path();
    try {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new InvalidJsonException("The JSON text is empty", "", 0);
      }
      Object value = read(parser, first, path);
      JsonToken extra;
      try {
        extra = parser.nextToken();
      } catch (JsonParseException e) {
        String why = SyntaxMessages.describe(e);
        throw new InvalidJsonException(why.startsWith("Comments") || why.startsWith("NaN") ? why
          : "Unexpected content after the JSON value", "", offset(parser, bytes));
      }
      if (extra != null) {
        throw new InvalidJsonException("Unexpected content after the JSON value", "", offset(parser, bytes));
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw new InvalidJsonException(SyntaxMessages.constraint(e), pointer(parser, path), offset(parser, bytes));
    } catch (JsonParseException e) {
      throw new InvalidJsonException(SyntaxMessages.describe(e), pointer(parser, path), offset(parser, bytes));
    }
  }

  /**
   * The pointer of a syntax error: Jackson reads a value's first token together with its key, so its own context
   * can be one step ahead of {@code path}.
   */
  private static String pointer(JsonParser parser, Path path) {
    String ours = path.pointer();
    try {
      String theirs = parser.getParsingContext().pathAsPointer().toString();
      return theirs.length() > ours.length() ? theirs : ours;
    } catch (RuntimeException e) {
      return ours;
    }
  }

  private static Object read(JsonParser parser, JsonToken token, Path path) throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String key = parser.currentName();
          checkString(key, parser, path, true);
          path.push(key);
          Object value = read(parser, parser.nextToken(), path);
          if (map.containsKey(key)) {
            throw new InvalidJsonException("Duplicate key \"" + SyntaxMessages.printable(key) + "\"", path.pointer(), parser.currentLocation().getByteOffset());
          }
          map.put(key, value);
          path.pop();
        }
        return new JsonObject(map);
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          path.push(list.size());
          list.add(read(parser, t, path));
          path.pop();
        }
        return new JsonArray(list);
      }
      case VALUE_STRING: {
        String text = parser.getText();
        checkString(text, parser, path, false);
        return text;
      }
      case VALUE_NUMBER_INT:
        return parser.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        double d = parser.getDoubleValue();
        if (Double.isInfinite(d)) {
          throw new InvalidJsonException("The number is too large", path.pointer(), parser.currentLocation().getByteOffset());
        }
        return d;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new InvalidJsonException("Malformed JSON", path.pointer(), parser.currentLocation().getByteOffset());
    }
  }

  private static void checkString(String s, JsonParser parser, Path path, boolean key) {
    if (Utf8Check.firstLoneSurrogate(s) >= 0) {
      String pointer = path.pointer();
      throw new InvalidJsonException((key ? "A key" : "A string") + " contains a lone surrogate (\\uD800-\\uDFFF"
        + " escape without its pair), which is not valid Unicode", pointer, parser.currentLocation().getByteOffset());
    }
  }

  private static long offset(JsonParser parser, boolean bytes) {
    var location = parser.currentLocation();
    long at = bytes ? location.getByteOffset() : location.getCharOffset();
    return at;
  }

  /** The JSON pointer being read (RFC 6901 escaping). */
  private static final class Path {
    private final ArrayList<Object> steps = new ArrayList<>();

    void push(Object step) {
      steps.add(step);
    }

    void pop() {
      steps.remove(steps.size() - 1);
    }

    String pointer() {
      if (steps.isEmpty()) {
        return "";
      }
      StringBuilder sb = new StringBuilder();
      for (Object s : steps) {
        sb.append('/').append(String.valueOf(s).replace("~", "~0").replace("/", "~1"));
      }
      return sb.toString();
    }
  }
}
