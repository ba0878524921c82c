package dev.dhii.runtime.json;

import dev.dhii.runtime.json.StrictJson.InvalidJsonException;

/**
 * The Unicode checks Jackson leaves to us: well-formed UTF-8 bytes (RFC 3629) without NUL, and text without
 * lone surrogates.
 */
final class Utf8Check {

  private Utf8Check() {
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
}
