package dev.dhii.runtime.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ManifestProblemTest {

  private static final Path FILE = Path.of("plugins", "email", "manifest.json");

  @Test
  void messageNamesFilePluginPointerAndReason() {
    assertEquals(FILE + " (email): /imports/core-auth: bad range",
        new ManifestProblem(FILE, "email", "/imports/core-auth", "bad range").message());
  }

  @Test
  void wholeDocumentIsShownAsSlashAndUnknownPluginIsLeftOut() {
    assertEquals(FILE + ": /: invalid JSON", ManifestProblem.ofFile(FILE, null, "invalid JSON").message());
    assertEquals(FILE + ": /: x", new ManifestProblem(FILE, null, null, "x").message());
  }
}
