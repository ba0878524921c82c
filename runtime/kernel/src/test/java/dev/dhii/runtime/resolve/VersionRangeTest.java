package dev.dhii.runtime.resolve;

import dev.dhii.runtime.version.VersionRange;
import dev.dhii.runtime.version.SemVer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRangeTest {

  private static void assertContains(String range, String version, boolean expected) {
    assertEquals(expected, VersionRange.parse(range).contains(SemVer.parse(version)),
        () -> range + (expected ? " should contain " : " should not contain ") + version);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "^1.2.3, 1.2.3, true", "^1.2.3, 1.9.9, true", "^1.2.3, 1.2.2, false", "^1.2.3, 2.0.0, false",
      "^1.2, 1.2.0, true", "^1.2, 1.99.0, true", "^1.2, 2.0.0, false", "^1, 1.0.0, true", "^1, 2.0.0, false",
      "^0.2.3, 0.2.3, true", "^0.2.3, 0.2.9, true", "^0.2.3, 0.3.0, false", "^0.2.3, 0.2.2, false",
      "^0.0.3, 0.0.3, true", "^0.0.3, 0.0.4, false", "^0.0.3, 0.0.2, false",
      "^0.2, 0.2.0, true", "^0.2, 0.3.0, false", "^0.0, 0.0.9, true", "^0.0, 0.1.0, false",
      "^0, 0.9.9, true", "^0, 1.0.0, false"})
  void caretAllowsChangesRightOfTheFirstNonZeroNumber(String range, String version, boolean expected) {
    assertContains(range, version, expected);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "~1.2.3, 1.2.3, true", "~1.2.3, 1.2.9, true", "~1.2.3, 1.3.0, false", "~1.2.3, 1.2.2, false",
      "~1.2, 1.2.0, true", "~1.2, 1.2.99, true", "~1.2, 1.3.0, false", "~1.2, 1.1.9, false",
      "~1, 1.9.0, true", "~1, 2.0.0, false", "~0.2.3, 0.2.5, true", "~0.2.3, 0.3.0, false"})
  void tildeAllowsPatchChanges(String range, String version, boolean expected) {
    assertContains(range, version, expected);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      ">=1.2.3, 1.2.3, true", ">=1.2.3, 1.2.2, false", ">=1.2.3, 9.0.0, true",
      ">1.2.3, 1.2.3, false", ">1.2.3, 1.2.4, true", ">1.2, 1.2.9, false", ">1.2, 1.3.0, true",
      "<=1.2.3, 1.2.3, true", "<=1.2.3, 1.2.4, false", "<=1.2, 1.2.9, true", "<=1.2, 1.3.0, false",
      "<1.2.3, 1.2.2, true", "<1.2.3, 1.2.3, false", "<1.2, 1.1.9, true", "<1.2, 1.2.0, false",
      "=1.2.3, 1.2.3, true", "=1.2.3, 1.2.4, false", "1.2.3, 1.2.3, true", "1.2.3, 1.2.4, false",
      "1.2.3, 1.2.3-rc.1, false", "1.2.3+build, 1.2.3, true",
      "1.2, 1.2.7, true", "1.2, 1.3.0, false", "1.x, 1.9.0, true", "1.x, 2.0.0, false", "1.2.x, 1.2.5, true",
      "*, 0.0.0, true", "*, 99.0.0, true", "x, 3.1.4, true", ">=*, 1.0.0, true"})
  void comparisonsExactAndWildcards(String range, String version, boolean expected) {
    assertContains(range, version, expected);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "'>=1.0.0 <2.0.0', 1.0.0, true", "'>=1.0.0 <2.0.0', 1.99.99, true", "'>=1.0.0 <2.0.0', 2.0.0, false",
      "'>=1.0.0 <2.0.0', 0.9.0, false", "'>= 1.0.0  < 2.0.0', 1.5.0, true", "'^1.2.0 <1.5.0', 1.4.9, true",
      "'^1.2.0 <1.5.0', 1.5.0, false", "'>1.0.0 <1.0.1', 1.0.0, false"})
  void conjunctionsNeedEveryPartToHold(String range, String version, boolean expected) {
    assertContains(range, version, expected);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "^1.2.3, 1.3.0-beta, false", "^1.2.3, 2.0.0-rc.1, false", "'>=1.0.0 <2.0.0', 2.0.0-rc.1, false",
      "*, 1.0.0-rc.1, false", "^1.2.3-beta.2, 1.2.3-beta.4, true", "^1.2.3-beta.2, 1.2.3-beta.1, false",
      "^1.2.3-beta.2, 1.2.3, true", "^1.2.3-beta.2, 1.2.4-beta, false", "^1.2.3-beta.2, 1.9.0, true",
      "~1.2.3-rc.1, 1.2.3-rc.2, true", "=1.0.0-rc.1, 1.0.0-rc.1, true", ">=1.0.0-rc.1, 1.0.0-rc.2, true",
      "'>=1.3.0-beta.1 <2.0.0', 1.4.0-beta, false", "<1.0.0, 1.0.0-rc.1, false"})
  void preReleasesOnlyMatchABoundOnTheSameVersion(String range, String version, boolean expected) {
    assertContains(range, version, expected);
  }

  @Test
  void toStringIsTheOriginalText() {
    assertEquals(">= 1.0.0  <2.0.0", VersionRange.parse(">= 1.0.0  <2.0.0").toString());
    assertEquals(VersionRange.parse("^1.2.0"), VersionRange.parse("^1.2.0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "abc", "^", ">=", "^1.2.3.4", "~v1", "1.x.3", "1.2-beta", "^01.2.3",
      "1.0.0 || 2.0.0", "1.0.0 - 2.0.0", "<*", ">*", ">=1.0.0 <", "=>1.0.0", "^1.2.3-"})
  void rejectsMalformedRangesWithAClearMessage(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(text));
    assertTrue(text.isBlank() ? e.getMessage().contains("empty") : e.getMessage().contains("\"" + text + "\""),
        e.getMessage());
  }
}
