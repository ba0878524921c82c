package dev.dhii.plugins.calendar;

import dev.dhii.runtime.conformance.ClassPathPlugin;
import dev.dhii.runtime.conformance.ConformanceReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin test} on the bundled calendar plugin (its classes from the test class path): every case passes. */
class CalendarConformanceTest {

  static final Path MANIFEST = Path.of("../../manifests/calendar/manifest.json");

  @TempDir
  Path root;

  @Test
  void everyGeneratedCasePasses() throws Exception {
    ConformanceReport report = ClassPathPlugin.test(MANIFEST, null, root);
    assertTrue(report.ok() && report.passed() >= 4L * report.capabilities().size(), ClassPathPlugin.failures(report));
    assertTrue(Files.readString(MANIFEST).contains(report.capabilities().get(0).id()), report.summary());
  }
}
