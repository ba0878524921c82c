package dev.dhii.runtime.version;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of versions, written the way npm writes ranges, as used by a manifest's {@code imports}.
 *
 * <ul>
 *   <li>{@code ^1.2.3}: {@code >=1.2.3 <2.0.0}; on 0.x the left-most non-zero number is fixed:
 *       {@code ^0.2.3} is {@code >=0.2.3 <0.3.0}, {@code ^0.0.3} is {@code >=0.0.3 <0.0.4}</li>
 *   <li>{@code ~1.2.3}: {@code >=1.2.3 <1.3.0}; {@code ~1.2} is {@code >=1.2.0 <1.3.0},
 *       {@code ~1} is {@code >=1.0.0 <2.0.0}</li>
 *   <li>{@code >=}, {@code >}, {@code <=}, {@code <}, {@code =1.2.3} and a bare {@code 1.2.3}
 *       (exactly that version)</li>
 *   <li>{@code *} (any version); partial versions ({@code 1.2}, {@code 1.x}) stand for every
 *       version they leave open</li>
 *   <li>space-separated conjunctions, all of which must hold: {@code >=1.0.0 <2.0.0}</li>
 * </ul>
 *
 * As in npm, a pre-release version is only in a range if some bound of the range names a pre-release
 * of the same {@code major.minor.patch}: {@code ^1.2.3} does not contain {@code 1.3.0-beta}, while
 * {@code >=1.3.0-beta.1 <2.0.0} contains {@code 1.3.0-beta.2} (but not {@code 1.4.0-beta}).
 * Unions ({@code ||}) and hyphen ranges ({@code 1.0.0 - 2.0.0}) are not supported.
 */
public final class VersionRange {

  private final String text;
  private final List<Bound> bounds;

  private VersionRange(String text, List<Bound> bounds) {
    this.text = text;
    this.bounds = List.copyOf(bounds);
  }

  /**
   * Parses a range such as {@code ^1.2.0}, {@code ~1.2}, {@code >=1.0.0 <2.0.0}, {@code 1.2.3} or {@code *}.
   *
   * @throws IllegalArgumentException naming the range and what is wrong with it
   */
  public static VersionRange parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("version range is empty (use \"*\" for any version)");
    }
    if (text.contains("||")) {
      throw invalid(text, "unions (||) are not supported");
    }
    List<Bound> bounds = new ArrayList<>();
    String[] tokens = text.trim().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      String op = operatorOf(token);
      if (token.equals("-")) {
        throw invalid(text, "hyphen ranges are not supported, write \">=A <=B\"");
      }
      if (op.length() == token.length() && !op.isEmpty()) {
        // an operator written apart from its version: ">= 1.2.3"
        if (i + 1 == tokens.length) throw invalid(text, "\"" + op + "\" has no version");
        token = op + tokens[++i];
      }
      try {
        bounds.addAll(PartialVersion.parse(token.substring(op.length())).bounds(op));
      } catch (IllegalArgumentException e) {
        throw invalid(text, e.getMessage());
      }
    }
    return new VersionRange(text, bounds);
  }

  /** Whether {@code version} is in this range (see the class comment for pre-releases). */
  public boolean contains(SemVer version) {
    for (Bound bound : bounds) {
      if (!bound.test(version)) return false;
    }
    if (!version.isPreRelease()) return true;
    for (Bound bound : bounds) {
      if (bound.version().isPreRelease() && bound.version().sameCore(version)) return true;
    }
    return false;
  }

  /** The range exactly as it was written. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionRange r && r.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private static String operatorOf(String token) {
    for (String op : new String[] {">=", "<=", ">", "<", "=", "^", "~"}) {
      if (token.startsWith(op)) return op;
    }
    return "";
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException("invalid version range \"" + text + "\": " + reason);
  }

  enum Op { LT, LE, GT, GE, EQ }

  /** One comparison with a full version; a range holds when all of its bounds do. */
  record Bound(Op op, SemVer version) {
    boolean test(SemVer v) {
      int c = v.compareTo(version);
      return switch (op) {
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        case GE -> c >= 0;
        case EQ -> c == 0;
      };
    }
  }
}
