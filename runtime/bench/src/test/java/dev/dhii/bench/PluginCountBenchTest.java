package dev.dhii.bench;

import dev.dhii.runtime.manifest.ManifestDiscovery;
import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copies of the echo plugin that {@code ./dhii bench --mode plugins} loads: valid, distinct, each with its jar. */
class PluginCountBenchTest {

  @Test
  void copiesAreValidManifestsWithDistinctIdsAndCapabilities(@TempDir Path root) throws Exception {
    Path echo = Files.createDirectories(root.resolve("echo"));
    Files.copy(Path.of("../../manifests/echo/manifest.json"), echo.resolve("manifest.json"));
    byte[] jar = {'P', 'K', 3, 4};
    Files.write(echo.resolve("echo-plugin.jar"), jar); // the manifest's classpath; its content is not read here

    List<String> ids = PluginCountBench.writeCopies(echo, root.resolve("plugins"), 12);

    assertEquals(12, ids.size());
    assertEquals("echo001", ids.get(0));
    assertEquals("echo012", ids.get(11));
    ManifestReader reader = ManifestReader.create();
    for (String id : ids) {
      Path dir = root.resolve("plugins").resolve(id);
      ManifestReader.Result result = reader.read(dir.resolve("manifest.json"));
      assertTrue(result.succeeded(), String.valueOf(result.problems()));
      PluginManifest manifest = result.manifest();
      assertEquals(id, manifest.id());
      assertEquals(List.of(id + ".echo"), manifest.capabilities());
      assertEquals("dev.dhii.plugins.echo.EchoPlugin", manifest.entrypoint());
      assertArrayEquals(jar, Files.readAllBytes(dir.resolve("echo-plugin.jar")));
    }
    // the folder as the kernel reads it: every copy, no duplicate plugin or capability id
    ManifestDiscovery.Discovery discovery = ManifestDiscovery.discover(reader, List.of(root.resolve("plugins")));
    assertEquals(List.of(), discovery.problems());
    assertEquals(ids, discovery.manifests().stream().map(PluginManifest::id).sorted().toList());
  }

  @Test
  void inOneRuntimeTheRescansAddAndRemoveTheOtherPlugins(@TempDir Path root) throws Exception {
    // the real echo plugin, built into manifests/echo by the echo module before this one; each rescan is checked
    // (all READY, then one left), so a rescan that loads or unloads nothing fails the run
    double ratio = PluginCountBench.inOneRuntime(Path.of("../../manifests/echo"), root.resolve("alternating"),
      root.resolve("data"), 3, 4, 0.3, 1);
    assertTrue(ratio > 0 && Double.isFinite(ratio), String.valueOf(ratio));
  }
}
