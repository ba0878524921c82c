package dev.dhii.runtime.resolve;

import dev.dhii.runtime.version.SemVer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {

  @Test
  void parsesMajorMinorPatchAndPreRelease() {
    assertEquals(new SemVer(1, 2, 3, ""), SemVer.parse("1.2.3"));
    assertEquals(new SemVer(1, 0, 0, "rc.1"), SemVer.parse("1.0.0-rc.1"));
    assertEquals(new SemVer(0, 0, 0, "alpha-1.0a"), SemVer.parse("0.0.0-alpha-1.0a"));
  }

  @Test
  void ignoresBuildMetadata() {
    assertEquals(SemVer.parse("1.2.3"), SemVer.parse("1.2.3+build.5"));
    assertEquals(0, SemVer.parse("1.0.0-rc.1+a").compareTo(SemVer.parse("1.0.0-rc.1+b")));
    assertEquals("1.0.0-rc.1", SemVer.parse("1.0.0-rc.1+exp.sha.5114f85").toString());
  }

  @Test
  void ordersBySemVerPrecedence() {
    List<String> ordered = List.of("0.0.1", "0.1.0", "0.9.0", "0.10.0", "1.0.0-0", "1.0.0-alpha", "1.0.0-alpha.1",
        "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1",
        "1.2.0", "1.10.0", "2.0.0", "10.0.0");
    List<SemVer> shuffled = new ArrayList<>(ordered.stream().map(SemVer::parse).toList());
    Collections.shuffle(shuffled, new Random(42));
    Collections.sort(shuffled);
    assertEquals(ordered, shuffled.stream().map(SemVer::toString).toList());
  }

  @Test
  void preReleaseIsLowerThanItsRelease() {
    assertTrue(SemVer.parse("2.0.0-rc.9").compareTo(SemVer.parse("2.0.0")) < 0);
    assertTrue(SemVer.parse("2.0.0-rc.9").compareTo(SemVer.parse("1.9.9")) > 0);
    assertTrue(SemVer.parse("2.0.0-rc.9").isPreRelease());
    assertFalse(SemVer.parse("2.0.0").isPreRelease());
  }

  @Test
  void nullPreReleaseMeansRelease() {
    assertEquals(new SemVer(1, 0, 0), new SemVer(1, 0, 0, null));
    assertEquals("", new SemVer(1, 0, 0, null).preRelease());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3-01",
      "1.2.3-a..b", "1.2.3+", "1.2.3-ä", " 1.2.3", "-1.2.3", "99999999999.0.0"})
  void rejectsWhatIsNotASemanticVersion(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SemVer.parse(text));
    assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
  }

  @Test
  void rejectsMissingVersionAndNegativeNumbers() {
    assertThrows(IllegalArgumentException.class, () -> SemVer.parse(null));
    assertThrows(IllegalArgumentException.class, () -> new SemVer(1, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new SemVer(1, 0, 0, "a..b"));
  }
}
