package dev.dhii.runtime.cli;

import dev.dhii.runtime.testing.JarPlugins;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin bundle} and {@code dhii plugin install}: checksummed bundles, and what install refuses. */
class PluginBundleInstallTest {

  @TempDir
  Path dir;
  Path plugin;
  Path plugins;

  @BeforeEach
  void writePlugin() throws IOException {
    plugin = JarPlugins.write(dir.resolve("src"), "good", "1.0.0", JarPlugins.library(dir.resolve("library.jar"), "lib-1"), null, null);
    Files.writeString(plugin.resolve("README.md"), "# good\n");
    Files.writeString(plugin.resolve("notes.txt"), "not an artifact\n");
    plugins = dir.resolve("plugins");
  }

  Path bundle() {
    Path zip = dir.resolve("good.zip");
    Cli.Run run = Cli.run("plugin", "bundle", plugin.toString(), "--out", zip.toString());
    assertEquals(0, run.code(), run.all());
    return zip;
  }

  Cli.Run install(Path zip, String... more) {
    // no runtime to tell here (the rescan after install is PluginInstallRescanTest's)
    return Cli.run(Stream.concat(Stream.of("plugin", "install", zip.toString(), "--plugins", plugins.toString(), "--no-rescan"),
      Stream.of(more)).toArray(String[]::new));
  }

  /** The bundle's entries with {@code name} replaced (or added), SHA256SUMS left as it was. */
  Path tampered(Path zip, String name, byte[] content) {
    Map<String, byte[]> entries = new LinkedHashMap<>(Cli.entries(zip));
    entries.put(name, content);
    return Cli.zip(dir.resolve("tampered.zip"), entries);
  }

  void assertNothingInstalled() throws IOException {
    try (Stream<Path> files = Files.list(plugins)) {
      assertEquals(List.of(), files.toList(), "the plugins directory is left as it was, staging removed");
    }
  }

  @Test
  void aBundleHoldsManifestArtifactsReadmeAndChecksumsThatVerify() {
    Map<String, byte[]> entries = Cli.entries(bundle());
    assertEquals(List.of("manifest.json", "good.jar", "lib/library.jar", "README.md", "SHA256SUMS"), List.copyOf(entries.keySet()));
    String sums = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8);
    StringBuilder expected = new StringBuilder();
    for (String name : List.of("manifest.json", "good.jar", "lib/library.jar", "README.md")) {
      expected.append(Checksums.sha256(entries.get(name))).append("  ").append(name).append('\n');
    }
    assertEquals(expected.toString(), sums);
  }

  @Test
  void bundlingTwiceGivesTheSameBytesAndTheDefaultName() throws IOException {
    byte[] first = Files.readAllBytes(bundle());
    Cli.Run run = Cli.run("plugin", "bundle", plugin.toString(), "--out", dir.toString());
    assertEquals(0, run.code(), run.all());
    assertArrayEquals(first, Files.readAllBytes(dir.resolve("good-1.0.0.zip")));
  }

  @Test
  void anInvalidPluginIsNotBundled() throws IOException {
    Files.delete(plugin.resolve("good.jar"));
    Path zip = dir.resolve("good.zip");
    Cli.Run run = Cli.run("plugin", "bundle", plugin.toString(), "--out", zip.toString());
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("not bundled"), run.all());
    assertFalse(Files.exists(zip));
  }

  @Test
  void installExtractsIntoThePluginsDirectoryAndSaysWhatNext() throws IOException {
    Cli.Run run = install(bundle());
    assertEquals(0, run.code(), run.all());
    Path installed = plugins.resolve("good");
    for (String name : List.of("manifest.json", "good.jar", "lib/library.jar", "README.md")) {
      assertArrayEquals(Files.readAllBytes(plugin.resolve(name)), Files.readAllBytes(installed.resolve(name)), name);
    }
    assertFalse(Files.exists(installed.resolve("notes.txt")));
    assertArrayEquals(Cli.entries(dir.resolve("good.zip")).get("SHA256SUMS"), Files.readAllBytes(installed.resolve("SHA256SUMS")),
      "the checksums are kept, for the load-time check");
    assertTrue(run.out().contains("Installed good 1.0.0 in " + installed), run.all());
    assertTrue(run.out().contains("restart"), run.all());
    try (Stream<Path> files = Files.list(plugins)) {
      assertEquals(List.of(installed), files.toList(), "no staging directory is left behind");
    }
    assertEquals(0, Cli.run("plugin", "validate", installed.toString()).code());
  }

  @Test
  void aBundleWhoseFileDoesNotMatchItsChecksumIsRefused() throws IOException {
    Path zip = tampered(bundle(), "good.jar", "not the jar".getBytes(StandardCharsets.UTF_8));
    Cli.Run run = install(zip);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("checksum mismatch for good.jar"), run.all());
    assertNothingInstalled();
  }

  @Test
  void aFileMissingFromOrExtraToTheChecksumsIsRefused() throws IOException {
    Path zip = tampered(bundle(), "extra.txt", "smuggled".getBytes(StandardCharsets.UTF_8));
    Cli.Run extra = install(zip);
    assertEquals(1, extra.code(), extra.all());
    assertTrue(extra.err().contains("files not listed in SHA256SUMS: [extra.txt]"), extra.all());

    Map<String, byte[]> entries = new LinkedHashMap<>(Cli.entries(bundle()));
    entries.remove("README.md");
    Cli.Run missing = install(Cli.zip(dir.resolve("missing.zip"), entries));
    assertEquals(1, missing.code(), missing.all());
    assertTrue(missing.err().contains("SHA256SUMS lists README.md, which the bundle does not hold"), missing.all());
    assertNothingInstalled();
  }

  @Test
  void aBundleWithTooManyEntriesIsRefused() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>(Cli.entries(bundle()));
    for (int i = 0; i <= BundleReader.MAX_ENTRIES; i++) {
      entries.put("lib/f" + i, new byte[0]);
    }
    Cli.Run run = install(Cli.zip(dir.resolve("many.zip"), entries));
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("more than " + BundleReader.MAX_ENTRIES + " entries"), run.all());
    assertNothingInstalled();
  }

  @Test
  void aZipSlipEntryIsRefusedAndNothingIsWrittenOutside() throws IOException {
    byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
    for (String name : List.of("../evil.txt", "lib/../../evil.txt", "/tmp/evil.txt")) {
      Map<String, byte[]> entries = new LinkedHashMap<>(Cli.entries(bundle()));
      entries.put(name, evil);
      String sums = new String(entries.remove("SHA256SUMS"), StandardCharsets.UTF_8) + Checksums.line(Checksums.sha256(evil), name);
      entries.put("SHA256SUMS", sums.getBytes(StandardCharsets.UTF_8));
      Cli.Run run = install(Cli.zip(dir.resolve("slip.zip"), entries));
      assertEquals(1, run.code(), name + ": " + run.all());
      assertTrue(run.err().contains("unsafe entry name " + name), run.all());
      assertFalse(Files.exists(plugins.resolve("evil.txt")));
      assertFalse(Files.exists(dir.resolve("evil.txt")));
      assertNothingInstalled();
    }
  }

  @Test
  void anInstalledIdIsReplacedOnlyWithForce() throws IOException {
    Path zip = bundle();
    assertEquals(0, install(zip).code());
    Files.writeString(plugins.resolve("good/README.md"), "local edit\n");

    Cli.Run refused = install(zip);
    assertEquals(1, refused.code(), refused.all());
    assertTrue(refused.err().contains("already installed"), refused.all());
    assertEquals("local edit\n", Files.readString(plugins.resolve("good/README.md")));

    Cli.Run forced = install(zip, "--force");
    assertEquals(0, forced.code(), forced.all());
    assertEquals("# good\n", Files.readString(plugins.resolve("good/README.md")));
    assertTrue(forced.out().contains("POST /v1/plugins/good/redeploy"), forced.all());
    try (Stream<Path> files = Files.list(plugins)) {
      assertEquals(List.of(plugins.resolve("good")), files.toList());
    }
  }

  @Test
  void aMissingBundleIsAUsageError() {
    assertEquals(2, install(dir.resolve("nope.zip")).code());
  }
}
