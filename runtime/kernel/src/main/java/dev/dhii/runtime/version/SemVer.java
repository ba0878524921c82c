package dev.dhii.runtime.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (<a href="https://semver.org/spec/v2.0.0.html">SemVer 2.0</a>) ordered by
 * SemVer precedence: numerically by major, minor and patch, then a pre-release is lower than the
 * release ({@code 1.0.0-rc.1 < 1.0.0}) and pre-releases compare identifier by identifier. Build
 * metadata ({@code +build.5}) is accepted by {@link #parse} and ignored: it takes no part in
 * precedence or equality.
 *
 * @param major      the major version, {@code >= 0}
 * @param minor      the minor version, {@code >= 0}
 * @param patch      the patch version, {@code >= 0}
 * @param preRelease the dot-separated pre-release identifiers ({@code "rc.1"}), or {@code ""} for a
 *                   release; {@code null} is taken as {@code ""}
 */
public record SemVer(int major, int minor, int patch, String preRelease) implements Comparable<SemVer> {

  private static final String NUMBER = "0|[1-9][0-9]*";
  private static final String PRE_ID = "0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*";
  private static final Pattern SEMVER = Pattern.compile(
      "(" + NUMBER + ")\\.(" + NUMBER + ")\\.(" + NUMBER + ")"
          + "(?:-((?:" + PRE_ID + ")(?:\\.(?:" + PRE_ID + "))*))?"
          + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
  private static final Pattern PRE_RELEASE = Pattern.compile("(?:" + PRE_ID + ")(?:\\.(?:" + PRE_ID + "))*");

  /** Validates the parts; a {@code null} pre-release becomes {@code ""}. */
  public SemVer {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative: " + major + "." + minor + "." + patch);
    }
    preRelease = preRelease == null ? "" : preRelease;
    if (!preRelease.isEmpty() && !PRE_RELEASE.matcher(preRelease).matches()) {
      throw new IllegalArgumentException("invalid pre-release \"" + preRelease + "\"");
    }
  }

  /** A release version {@code major.minor.patch}. */
  public SemVer(int major, int minor, int patch) {
    this(major, minor, patch, "");
  }

  /**
   * Parses a full SemVer 2.0 version such as {@code 1.2.3}, {@code 1.0.0-rc.1} or {@code 2.0.0+build.7}.
   *
   * @throws IllegalArgumentException if {@code text} is not a semantic version
   */
  public static SemVer parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("version is missing");
    }
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a semantic version"
          + " (expected MAJOR.MINOR.PATCH with optional -PRERELEASE and +BUILD, e.g. 1.2.3 or 1.0.0-rc.1)");
    }
    try {
      return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), m.group(4));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" has a version number larger than " + Integer.MAX_VALUE);
    }
  }

  /** Whether this is a pre-release ({@code 1.0.0-rc.1}) rather than a release. */
  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /** Whether {@code other} has the same major, minor and patch numbers, ignoring pre-releases. */
  public boolean sameCore(SemVer other) {
    return major == other.major && minor == other.minor && patch == other.patch;
  }

  @Override
  public int compareTo(SemVer other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) c = Integer.compare(minor, other.minor);
    if (c == 0) c = Integer.compare(patch, other.patch);
    if (c != 0) return c;
    if (preRelease.equals(other.preRelease)) return 0;
    if (preRelease.isEmpty()) return 1;
    if (other.preRelease.isEmpty()) return -1;
    return comparePreRelease(preRelease.split("\\."), other.preRelease.split("\\."));
  }

  private static int comparePreRelease(String[] a, String[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int c = compareIdentifier(a[i], b[i]);
      if (c != 0) return c;
    }
    return Integer.compare(a.length, b.length);
  }

  /** Numeric identifiers compare numerically and below alphanumeric ones, which compare in ASCII order. */
  private static int compareIdentifier(String a, String b) {
    boolean numA = isNumeric(a);
    boolean numB = isNumeric(b);
    if (numA && numB) {
      // no leading zeros, so a longer number is a larger one
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (numA != numB) return numA ? -1 : 1;
    return a.compareTo(b);
  }

  private static boolean isNumeric(String id) {
    return id.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
  }
}
