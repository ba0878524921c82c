package dev.dhii.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one parser of untrusted JSON (RFC 8259, strictly) on every transport. Unlike Vert.x's own decoding it
 * refuses, with a plain message, the JSON pointer of where it stopped and a byte offset: invalid UTF-8
 * (overlong forms such as {@code C0 AF}, encoded surrogates, truncated sequences, code points past U+10FFFF),
 * raw NUL and other control characters, lone surrogates written as escapes ({@code "\uD800"}), duplicate keys,
 * comments, {@code NaN}/{@code Infinity}, single quotes, unquoted keys, leading zeros, trailing commas and
 * anything after the value. Objects become {@link JsonObject}, arrays {@link JsonArray}, integers Integer, Long
 * or BigInteger (the smallest that holds them, as Vert.x decodes), other numbers Double. Nesting is bounded
 * ({@value #MAX_DEPTH}). Thread-safe.
 */
public final class StrictJson {

  /** The deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 512;

  private static final JsonFactory FACTORY = JsonFactory.builder()
    .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
    .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_YAML_COMMENTS)
    .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
    .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES)
    .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
    .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
    .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
    .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
    .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
    .build();

  private StrictJson() {
  }

  /**
   * JSON that is not accepted: what is wrong, the JSON pointer of the value being read when it was found
   * ({@code ""} for the document itself) and the byte offset (in the UTF-8 text) where it was found. Stackless.
   */
  public static final class InvalidJsonException extends RuntimeException {
    private final String pointer;
    private final long offset;

    InvalidJsonException(String message, String pointer, long offset) {
      super(message, null, false, false);
      this.pointer = pointer;
      this.offset = offset;
    }

    /** @return the JSON pointer of the value being read when the problem was found */
    public String pointer() {
      return pointer;
    }

    /** @return the byte offset of the problem in the text, or -1 when unknown */
    public long offset() {
      return offset;
    }

    /** @return {@code {"pointer","message","offset"}}, the form of a validation violation */
    public JsonObject toViolation() {
      JsonObject v = new JsonObject().put("pointer", pointer).put("message", getMessage());
      if (offset >= 0) {
        v.put("offset", offset);
      }
      return v;
    }
  }

  /**
   * @param bytes UTF-8 JSON text
   * @return the value: a JsonObject, JsonArray, String, Number, Boolean or null
   * @throws InvalidJsonException for anything that is not one strict JSON value
   */
  public static Object parse(Buffer bytes) {
    byte[] data = bytes.getBytes();
    return parse(data, 0, data.length);
  }

  /**
   * @param data UTF-8 JSON text
   * @param offset where it starts
   * @param length its length
   * @return the value
   * @throws InvalidJsonException for anything that is not one strict JSON value
   */
  public static Object parse(byte[] data, int offset, int length) {
    checkUtf8(data, offset, length);
    try (JsonParser parser = FACTORY.createParser(data, offset, length)) {
      return parseDocument(parser, true);
    } catch (IOException e) {
      throw new InvalidJsonException("Malformed JSON", "", -1);
    }
  }

  /**
   * Parses text already decoded (a WebSocket text frame): the same rules, offsets counted in characters.
   *
   * @param text JSON text
   * @return the value
   * @throws InvalidJsonException for anything that is not one strict JSON value
   */
  public static Object parse(String text) {
    int bad = firstLoneSurrogate(text);
    if (bad >= 0) {
      throw new InvalidJsonException("The text contains a lone surrogate (U+" + Integer.toHexString(text.charAt(bad))
        .toUpperCase() + "), which is not valid Unicode", "", bad);
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      return parseDocument(parser, false);
    } catch (IOException e) {
      throw new InvalidJsonException("Malformed JSON", "", -1);
    }
  }

  /**
   * @param bytes UTF-8 JSON text
   * @return the object it holds
   * @throws InvalidJsonException for anything that is not one strict JSON object (message "... must be a JSON object")
   */
  public static JsonObject parseObject(Buffer bytes) {
    Object value = parse(bytes);
    if (!(value instanceof JsonObject object)) {
      throw new InvalidJsonException("The JSON text must be an object, not " + describe(value), "", 0);
    }
    return object;
  }

  /** @param value a parsed value @return "an array", "a string", "a number", "a boolean" or "null" */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof JsonArray) {
      return "an array";
    } else if (value instanceof JsonObject) {
      return "an object";
    } else if (value instanceof String) {
      return "a string";
    } else if (value instanceof Boolean) {
      return "a boolean";
    }
    return "a number";
  }

  private static Object parseDocument(JsonParser parser, boolean bytes) throws IOException {
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
        String why = describe(e);
        throw new InvalidJsonException(why.startsWith("Comments") || why.startsWith("NaN") ? why
          : "Unexpected content after the JSON value", "", offset(parser, bytes));
      }
      if (extra != null) {
        throw new InvalidJsonException("Unexpected content after the JSON value", "", offset(parser, bytes));
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw new InvalidJsonException(constraint(e), pointer(parser, path), offset(parser, bytes));
    } catch (JsonParseException e) {
      throw new InvalidJsonException(describe(e), pointer(parser, path), offset(parser, bytes));
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
            throw new InvalidJsonException("Duplicate key \"" + printable(key) + "\"", path.pointer(), parser.currentLocation().getByteOffset());
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
    if (firstLoneSurrogate(s) >= 0) {
      String pointer = path.pointer();
      throw new InvalidJsonException((key ? "A key" : "A string") + " contains a lone surrogate (\\uD800-\\uDFFF"
        + " escape without its pair), which is not valid Unicode", pointer, parser.currentLocation().getByteOffset());
    }
  }

  /** @return the index of the first unpaired surrogate, or -1 */
  static int firstLoneSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= '\uD800' && c <= '\uDFFF') {
        if (c <= '\uDBFF' && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Checks that the bytes are well-formed UTF-8 (RFC 3629: shortest form only, no surrogates, at most U+10FFFF)
   * and hold no NUL.
   */
  static void checkUtf8(byte[] b, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      int c = b[i];
      if (c > 0) {
        i++;
        continue;
      }
      if (c == 0) {
        throw new InvalidJsonException("The text contains a NUL byte", "", i - offset);
      }
      c &= 0xFF;
      int need;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        min = 0x10000;
      } else {
        throw badUtf8(c == 0xC0 || c == 0xC1 ? "an overlong encoding" : "an invalid byte", i - offset, c);
      }
      if (i + need >= end) {
        throw badUtf8("a truncated sequence", i - offset, c);
      }
      int cp = c & (0x3F >> need);
      for (int k = 1; k <= need; k++) {
        int cont = b[i + k] & 0xFF;
        if ((cont & 0xC0) != 0x80) {
          throw badUtf8("a truncated sequence", i - offset, c);
        }
        cp = (cp << 6) | (cont & 0x3F);
      }
      if (cp < min) {
        throw badUtf8("an overlong encoding", i - offset, c);
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        throw badUtf8("an encoded surrogate", i - offset, c);
      }
      if (cp > 0x10FFFF) {
        throw badUtf8("a code point beyond U+10FFFF", i - offset, c);
      }
      i += need + 1;
    }
  }

  private static InvalidJsonException badUtf8(String what, int at, int lead) {
    return new InvalidJsonException("The text is not valid UTF-8: " + what + " at byte " + at
      + " (0x" + Integer.toHexString(lead).toUpperCase() + ")", "", at);
  }

  private static long offset(JsonParser parser, boolean bytes) {
    var location = parser.currentLocation();
    long at = bytes ? location.getByteOffset() : location.getCharOffset();
    return at;
  }

  private static String constraint(StreamConstraintsException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("nesting depth")) {
      return "The JSON text nests deeper than " + MAX_DEPTH + " levels";
    } else if (m.contains("Number value length")) {
      return "A number in the JSON text has too many digits";
    } else if (m.contains("String value length")) {
      return "A string in the JSON text is too long";
    }
    return "The JSON text exceeds a parser limit";
  }

  /** A plain description of a syntax error (never Jackson's own wording, which names its features and classes). */
  private static String describe(JsonParseException e) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.contains("comment")) {
      return "Comments are not allowed in JSON";
    } else if (m.contains("NaN") || m.contains("Infinity") || m.contains("INF")) {
      return "NaN and Infinity are not JSON numbers";
    } else if (m.contains("Unexpected end-of-input") || m.contains("end-of-input")) {
      return "The JSON text ends too early";
    } else if (m.contains("Illegal unquoted character") || m.contains("control character")) {
      return "A string contains an unescaped control character";
    } else if (m.contains("Unrecognized character escape") || m.contains("escape")) {
      return "A string contains an invalid escape sequence";
    } else if (m.contains("Leading zeroes") || m.contains("leading zero")) {
      return "Numbers must not have leading zeros";
    } else if (m.contains("was expecting double-quote")) {
      return "Expected a key in double quotes";
    } else if (m.contains("Unexpected close marker")) {
      return "Unbalanced brackets";
    } else if (m.contains("was expecting comma") || m.contains("was expecting a colon")) {
      return "Expected a comma or a colon";
    } else if (m.contains("Unrecognized token")) {
      return "Unrecognized literal (expected true, false, null, a number, a string, an array or an object)";
    } else if (m.contains("Invalid UTF-8") || m.contains("Invalid UTF")) {
      return "The text is not valid UTF-8";
    } else if (m.contains("expected a valid value") || m.contains("Unexpected character")) {
      return "Unexpected character";
    }
    return "Malformed JSON";
  }

  private static String printable(String key) {
    String k = key.length() > 64 ? key.substring(0, 64) + "..." : key;
    StringBuilder sb = new StringBuilder(k.length());
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      sb.append(c < 0x20 || c == 0x7F ? '?' : c);
    }
    return sb.toString();
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
