package dev.dhii.runtime.conformance;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Scalar values for a schema node: strings (lengths, formats, patterns) and numbers (bounds, multipleOf). */
final class ValueSamples {

  /** A valid example of each format the generator knows (JSON Schema 2020-12 names). */
  static final Map<String, String> FORMATS = Map.ofEntries(
    Map.entry("email", "conformance@example.com"), Map.entry("idn-email", "conformance@example.com"),
    Map.entry("date", "2026-01-15"), Map.entry("date-time", "2026-01-15T10:00:00Z"), Map.entry("time", "10:00:00Z"),
    Map.entry("duration", "PT1H30M"), Map.entry("uri", "https://example.com/a"), Map.entry("iri", "https://example.com/a"),
    Map.entry("uri-reference", "/a/b"), Map.entry("iri-reference", "/a/b"), Map.entry("uri-template", "/a/{id}"),
    Map.entry("uuid", "123e4567-e89b-42d3-a456-426614174000"), Map.entry("hostname", "example.com"),
    Map.entry("idn-hostname", "example.com"), Map.entry("ipv4", "127.0.0.1"), Map.entry("ipv6", "::1"),
    Map.entry("json-pointer", "/a/b"), Map.entry("relative-json-pointer", "0/a"), Map.entry("regex", "^[a-z]+$"));

  /** A string that is not of the format (the same for every format but the most lenient ones). */
  static final Map<String, String> BAD_FORMATS = Map.of("date", "2026-13-45", "date-time", "yesterday at noon",
    "time", "25:99", "uuid", "not-a-uuid", "email", "no at sign", "idn-email", "no at sign", "ipv4", "999.1.1",
    "ipv6", "not:an:ip::v6::", "uri", "not a uri", "duration", "one hour");

  /** Strings tried, in order, for a {@code pattern} the other samples do not match. */
  private static final List<String> PATTERN_CANDIDATES = List.of("09:00", "17:30", "a", "abc", "ABC", "abc123", "1", "123",
    "a1", "A", "x-y", "a_b", "a.b", "2026-01-15", "10:00:00", "+12345678901", "#abcdef", "conformance@example.com",
    "https://example.com/a", "123e4567-e89b-42d3-a456-426614174000", "en", "en-US", "USD", "aaaa", "0", "00000");

  /** Strings tried for a value that does not match a {@code pattern}. */
  private static final List<String> NON_MATCHING = List.of("~", "!!", " ", "", "~~~~~~~~", "0", "a", "A", "-", "\u00e9");

  /** Later samples of the formats whose values often come in ordered pairs (start and end). */
  private static final Map<String, List<String>> SERIES = Map.of(
    "date-time", List.of("2026-01-15T10:00:00Z", "2026-01-15T11:30:00Z", "2026-01-15T13:00:00Z", "2026-01-15T14:30:00Z"),
    "date", List.of("2026-01-15", "2026-01-16", "2026-01-17", "2026-01-18"),
    "time", List.of("10:00:00Z", "11:30:00Z", "13:00:00Z", "14:30:00Z"));

  /** Property names that, without a format, hold mail addresses (Dhii-Mail's v1 schemas declare none). */
  private static final java.util.Set<String> ADDRESS_NAMES = java.util.Set.of("to", "cc", "bcc", "from", "email",
    "recipients", "attendees", "organizer", "sender", "reply_to", "replyTo");

  private final Random random;
  /** How many values of each format or pattern the value being built has so far: each next one comes later. */
  private final Map<String, Integer> seen = new java.util.HashMap<>();

  ValueSamples(Random random) {
    this.random = random;
  }

  /** Starts a new value: its first date-time is the first of the series again. */
  void reset() {
    seen.clear();
  }

  private int next(String key) {
    return seen.merge(key, 1, Integer::sum) - 1;
  }

  /** @return a mail address for a property named like one (no format declared), else null */
  String byName(String name, JsonObject schema) {
    if (name == null || !ADDRESS_NAMES.contains(name) || schema.containsKey("format") || schema.containsKey("pattern")) {
      return null;
    }
    String address = "conformance" + next("address") + "@example.com";
    int min = schema.getInteger("minLength", 0);
    int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
    return address.length() >= min && address.length() <= max ? address : null;
  }

  /**
   * @param schema a string node
   * @param length the length wanted, or -1 for any length the node allows
   * @param salt a number to vary the text by (array items that must be unique), 0 for none
   * @return a valid string, or null when none was found (a pattern the samples do not match)
   */
  String string(JsonObject schema, int length, int salt) {
    int min = schema.getInteger("minLength", 0);
    int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
    String format = schema.getString("format");
    String pattern = schema.getString("pattern");
    if (pattern != null) {
      List<String> matching = candidates(format).stream()
        .filter(c -> matches(pattern, c) && c.length() >= min && c.length() <= max).toList();
      return matching.isEmpty() ? null : matching.get(next("pattern " + pattern) % matching.size());
    }
    if (format != null && SERIES.containsKey(format)) {
      List<String> series = SERIES.get(format);
      return series.get(next(format) % series.size());
    }
    if (format != null && FORMATS.containsKey(format)) {
      return FORMATS.get(format);
    }
    String base = salt == 0 ? "sample" + (random.nextInt(900) + 100) : "item" + salt;
    int wanted = length >= 0 ? length : Math.min(Math.max(base.length(), min), max);
    return fit(base, wanted);
  }

  private static List<String> candidates(String format) {
    if (format != null && FORMATS.containsKey(format)) {
      return java.util.stream.Stream.concat(java.util.stream.Stream.of(FORMATS.get(format)), PATTERN_CANDIDATES.stream()).toList();
    }
    return PATTERN_CANDIDATES;
  }

  /** @return a string of the node's length bounds that does not match its pattern, or null */
  static String notMatching(JsonObject schema) {
    String pattern = schema.getString("pattern");
    int min = schema.getInteger("minLength", 0);
    int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
    for (String base : NON_MATCHING) {
      String candidate = base.isEmpty() ? base : fit(base, Math.min(Math.max(base.length(), min), max));
      if (candidate.length() >= min && candidate.length() <= max && !matches(pattern, candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** JSON Schema's {@code pattern}: an unanchored search (ECMA-262 read as Java's regular expressions). */
  static boolean matches(String pattern, String value) {
    try {
      return Pattern.compile(pattern).matcher(value).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** @return {@code base} cut or padded with {@code x} to exactly {@code length} characters */
  static String fit(String base, int length) {
    if (base.length() >= length) {
      return base.substring(0, length);
    }
    return base + "x".repeat(length - base.length());
  }

  /** The bounds of a numeric node: {@code [low, high]} inclusive, exclusive bounds moved in by one step. */
  record Range(double low, double high, boolean integer, double multipleOf) {

    static Range of(JsonObject schema, boolean integer) {
      double step = integer ? 1 : 0.001;
      double low = -1_000_000;
      double high = 1_000_000;
      if (schema.getValue("minimum") instanceof Number n) {
        low = n.doubleValue();
      }
      if (schema.getValue("exclusiveMinimum") instanceof Number n) {
        low = Math.max(low, n.doubleValue() + step);
      }
      if (schema.getValue("maximum") instanceof Number n) {
        high = n.doubleValue();
      }
      if (schema.getValue("exclusiveMaximum") instanceof Number n) {
        high = Math.min(high, n.doubleValue() - step);
      }
      double multiple = schema.getValue("multipleOf") instanceof Number m ? m.doubleValue() : 0;
      if (integer) {
        low = Math.ceil(low);
        high = Math.floor(high);
      }
      return new Range(low, high, integer, multiple);
    }

    /** @return the value nearest {@code wanted} within the range (and a multiple of multipleOf when set) */
    Object pick(double wanted) {
      double v = Math.max(low, Math.min(high, wanted));
      if (multipleOf > 0) {
        v = Math.ceil(v / multipleOf) * multipleOf;
        if (v > high) {
          v -= multipleOf;
        }
      }
      return number(v, integer);
    }
  }

  /** @return the JSON number for {@code v}: a Long for integers, else a Double */
  static Object number(double v, boolean integer) {
    return integer ? (Object) (long) v : (Object) v;
  }

  /** @return a number in the node's range, varied by the seed */
  Object number(JsonObject schema, boolean integer) {
    Range range = Range.of(schema, integer);
    return range.pick(integer ? 1 + random.nextInt(50) : 1.5 + random.nextInt(50));
  }
}
