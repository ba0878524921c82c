package dev.dhii.runtime.version;

import dev.dhii.runtime.version.VersionRange;
import dev.dhii.runtime.version.VersionRange.Bound;
import dev.dhii.runtime.version.VersionRange.Op;
import java.util.List;

/**
 * The version of one range operand, possibly partial ({@code 1}, {@code 1.2}, {@code 1.x}, {@code *}),
 * and its translation into full-version bounds, following npm's semver. Upper bounds that exclude a
 * whole release line are written as {@code <X.Y.Z-0}, the lowest pre-release of {@code X.Y.Z}.
 *
 * @param given how many of major, minor, patch were written as numbers (0 to 3)
 */
record PartialVersion(int given, int major, int minor, int patch, String preRelease) {

  static PartialVersion parse(String text) {
    if (text.isEmpty()) throw new IllegalArgumentException("an operator has no version");
    String core = text;
    int plus = core.indexOf('+');
    if (plus >= 0) core = core.substring(0, plus);
    int dash = core.indexOf('-');
    String[] parts = (dash >= 0 ? core.substring(0, dash) : core).split("\\.", -1);
    if (parts.length > 3) throw notAVersion(text);
    int[] numbers = new int[3];
    int given = 0;
    boolean wildcard = false;
    for (String part : parts) {
      if (isWildcard(part)) {
        wildcard = true;
      } else if (wildcard || !part.matches("0|[1-9][0-9]*")) {
        throw notAVersion(text); // numbers come before wildcards: 1.x.3 is rejected
      } else {
        try {
          numbers[given++] = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          throw notAVersion(text);
        }
      }
    }
    if (given == 3) {
      SemVer full = SemVer.parse(text); // strict check of pre-release and build
      return new PartialVersion(3, full.major(), full.minor(), full.patch(), full.preRelease());
    }
    if (dash >= 0 || plus >= 0) throw notAVersion(text);
    return new PartialVersion(given, numbers[0], numbers[1], numbers[2], "");
  }

  private static boolean isWildcard(String part) {
    return part.equals("*") || part.equals("x") || part.equals("X");
  }

  private static IllegalArgumentException notAVersion(String text) {
    return new IllegalArgumentException("\"" + text + "\" is not a version (expected e.g. 1.2.3, 1.2, 1.x or *)");
  }

  /** The bounds that {@code op} (one of "", "=", "^", "~", ">=", ">", "<=", "<") applied to this version means. */
  List<Bound> bounds(String op) {
    if (given == 0) {
      if (op.equals("<") || op.equals(">")) throw new IllegalArgumentException("\"" + op + "*\" matches no version");
      return List.of();
    }
    return switch (op) {
      case "", "=" -> given == 3 ? List.of(new Bound(Op.EQ, floor())) : between(nextLine(given));
      case "^" -> between(caretLimit());
      case "~" -> between(nextLine(given == 3 ? 2 : given));
      case ">=" -> List.of(new Bound(Op.GE, floor()));
      case ">" -> given == 3 ? List.of(new Bound(Op.GT, floor())) : List.of(new Bound(Op.GE, nextLine(given)));
      case "<=" -> List.of(given == 3 ? new Bound(Op.LE, floor()) : new Bound(Op.LT, nextLine(given)));
      case "<" -> List.of(new Bound(Op.LT, given == 3 ? floor() : new SemVer(major, minor, patch, "0")));
      default -> throw new IllegalArgumentException("unknown operator \"" + op + "\"");
    };
  }

  private List<Bound> between(SemVer limit) {
    return List.of(new Bound(Op.GE, floor()), new Bound(Op.LT, limit));
  }

  private SemVer floor() {
    return new SemVer(major, minor, patch, preRelease);
  }

  /** {@code ^}: the left-most non-zero number written (or the last one written) may not change. */
  private SemVer caretLimit() {
    if (major > 0 || given == 1) return nextLine(1);
    if (minor > 0 || given == 2) return nextLine(2);
    return nextLine(3);
  }

  /** The lowest version above every version that shares the first {@code numbers} numbers with this one. */
  private SemVer nextLine(int numbers) {
    return switch (numbers) {
      case 1 -> new SemVer(next(major), 0, 0, "0");
      case 2 -> new SemVer(major, next(minor), 0, "0");
      default -> new SemVer(major, minor, next(patch), "0");
    };
  }

  private static int next(int number) {
    if (number == Integer.MAX_VALUE) throw new IllegalArgumentException("version number " + number + " is too large");
    return number + 1;
  }
}
