package dev.dhii.runtime.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/** The plain messages of refused JSON: parser limits and syntax errors in words a caller understands. */
final class SyntaxMessages {

  private SyntaxMessages() {
  }

  static String constraint(StreamConstraintsException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("nesting depth")) {
      return "The JSON text nests deeper than " + StrictJson.MAX_DEPTH + " levels";
    } else if (m.contains("Number value length")) {
      return "A number in the JSON text has too many digits";
    } else if (m.contains("String value length")) {
      return "A string in the JSON text is too long";
    }
    return "The JSON text exceeds a parser limit";
  }

  /** A plain description of a syntax error (never Jackson's own wording, which names its features and classes). */
  static String describe(JsonParseException e) {
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

  static String printable(String key) {
    String k = key.length() > 64 ? key.substring(0, 64) + "..." : key;
    StringBuilder sb = new StringBuilder(k.length());
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      sb.append(c < 0x20 || c == 0x7F ? '?' : c);
    }
    return sb.toString();
  }
}
