package dev.dhii.runtime.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.dhii.runtime.manifest.ManifestDiscovery.Discovery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema exists twice, for people and tools ({@code manifests/}) and for the loader (class path). */
class ManifestSchemaFilesTest {

  /** The repository's {@code manifests/} directory, found from the module directory upwards. */
  private static Path manifestsDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("manifests").resolve("manifest.schema.json"))) {
        return dir.resolve("manifests");
      }
    }
    throw new AssertionError("manifests/manifest.schema.json not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void classPathSchemaIsTheSameFileAsManifestsSchema() throws IOException {
    byte[] published = Files.readAllBytes(manifestsDirectory().resolve("manifest.schema.json"));
    try (InputStream in = ManifestReader.class.getResourceAsStream(ManifestReader.SCHEMA_RESOURCE)) {
      assertNotNull(in, ManifestReader.SCHEMA_RESOURCE);
      assertArrayEquals(published, in.readAllBytes(),
          "runtime/kernel/src/main/resources" + ManifestReader.SCHEMA_RESOURCE
              + " differs from manifests/manifest.schema.json: copy one onto the other");
    }
  }

  @Test
  void bundledManifestsAreValid() {
    Discovery d = ManifestDiscovery.discover(ManifestReader.create(), List.of(manifestsDirectory()));
    assertEquals(List.of(), d.problems());
    assertFalse(d.manifests().isEmpty());
  }
}
