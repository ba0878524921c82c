package dev.dhii.runtime.manifest;

import static dev.dhii.runtime.manifest.ManifestFiles.valid;
import static dev.dhii.runtime.manifest.ManifestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dhii.runtime.manifest.ManifestDiscovery.Discovery;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestDiscoveryTest {

  private static final ManifestReader READER = ManifestReader.create();

  @TempDir
  Path root;

  private static List<String> ids(Discovery discovery) {
    return discovery.manifests().stream().map(PluginManifest::id).toList();
  }

  @Test
  void findsManifestsInDirectoryOrderThenPathOrder() {
    Path bundled = root.resolve("manifests");
    Path installed = root.resolve("plugins");
    write(installed, "a", valid("zeta"));
    write(bundled, "m", valid("mid"));
    write(bundled, "b", valid("beta"));
    Discovery d = ManifestDiscovery.discover(READER, List.of(bundled, installed));
    assertEquals(List.of("beta", "mid", "zeta"), ids(d));
    assertEquals(List.of(), d.problems());
  }

  @Test
  void skipsDirectoriesThatDoNotExist() {
    write(root, "a", valid("a"));
    Discovery d = ManifestDiscovery.discover(READER, List.of(root.resolve("missing"), root));
    assertEquals(List.of("a"), ids(d));
    assertEquals(List.of(), d.problems());
  }

  @Test
  void looksOnlyOneLevelDeep() throws IOException {
    write(root, "a", valid("a"));
    write(root.resolve("group"), "deep", valid("deep"));
    Files.writeString(root.resolve("manifest.json"), valid("top").encode());
    Files.createDirectories(root.resolve("empty"));
    assertEquals(List.of("a"), ids(ManifestDiscovery.discover(READER, List.of(root))));
  }

  @Test
  void readsADirectoryGivenTwiceOnce() {
    write(root, "a", valid("a"));
    Discovery d = ManifestDiscovery.discover(READER, List.of(root, root.resolve(".").resolve("x").resolve("..")));
    assertEquals(List.of("a"), ids(d));
    assertEquals(List.of(), d.problems());
  }

  @Test
  void earlierDirectoryWinsADuplicatePluginId() {
    Path bundled = root.resolve("manifests");
    Path installed = root.resolve("plugins");
    Path first = write(installed, "z", valid("email").put("version", "1.0.0"));
    Path later = write(bundled, "a", valid("email").put("version", "2.0.0")
        .put("capabilities", new JsonArray().add("email.send")));
    Discovery d = ManifestDiscovery.discover(READER, List.of(installed, bundled));
    assertEquals(List.of("1.0.0"), d.manifests().stream().map(PluginManifest::version).toList());
    assertEquals(1, d.problems().size());
    assertEquals(later, d.problems().get(0).file());
    assertTrue(d.problems().get(0).message().endsWith("/id: duplicate plugin id \"email\": already declared by "
        + first), d.problems().get(0).message());
  }

  @Test
  void rejectedManifestDoesNotReserveItsIds() {
    write(root, "a", valid("email").put("version", "not-semver"));
    write(root, "b", valid("email"));
    Discovery d = ManifestDiscovery.discover(READER, List.of(root));
    assertEquals(List.of("email"), ids(d));
    assertEquals(List.of("/version"), d.problems().stream().map(ManifestProblem::pointer).toList());
  }

  @Test
  void disabledPluginsAreDiscoveredToo() {
    write(root, "a", valid("a").put("enabled", false));
    assertEquals(List.of("a"), ids(ManifestDiscovery.discover(READER, List.of(root))));
  }
}
