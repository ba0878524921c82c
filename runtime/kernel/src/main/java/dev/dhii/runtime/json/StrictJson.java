package dev.dhii.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * The one parser of untrusted JSON (RFC 8259, strictly) on every transport. Unlike Vert.x's own decoding it
 * refuses, with a plain message, the JSON pointer of where it stopped and a byte offset: invalid UTF-8
 * (overlong forms such as {@code C0 AF}, encoded surrogates, truncated sequences, code points past U+10FFFF),
 * raw NUL and other control characters, lone surrogates written as escapes ({@code "\uD800"}), duplicate keys,
 * comments, {@code NaN}/{@code Infinity}, single quotes, unquoted keys, leading zeros, trailing commas and
 * anything after the value. Objects become {@link JsonObject}, arrays {@link JsonArray}, integers Integer, Long
 * or BigInteger (the smallest that holds them, as Vert.x decodes), other numbers Double. Nesting is bounded
 * ({@value #MAX_DEPTH}). Thread-safe.
 * <p>
 * The Unicode checks are in {@link Utf8Check}, the tree is built by {@link JsonTreeReader}, and the plain
 * error messages are worded by {@link SyntaxMessages}.
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
    Utf8Check.checkUtf8(data, offset, length);
    try (JsonParser parser = FACTORY.createParser(data, offset, length)) {
      return JsonTreeReader.parseDocument(parser, true);
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
    int bad = Utf8Check.firstLoneSurrogate(text);
    if (bad >= 0) {
      throw new InvalidJsonException("The text contains a lone surrogate (U+" + Integer.toHexString(text.charAt(bad))
        .toUpperCase() + "), which is not valid Unicode", "", bad);
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      return JsonTreeReader.parseDocument(parser, false);
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
}
