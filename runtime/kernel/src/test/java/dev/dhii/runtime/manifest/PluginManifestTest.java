package dev.dhii.runtime.manifest;

import static dev.dhii.runtime.manifest.ManifestFiles.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginManifestTest {

  @TempDir
  Path root;

  private PluginManifest withClasspath(String... entries) {
    return PluginManifest.fromJson(root.resolve("manifest.json"), valid("p").put("classpath", new JsonArray(List.of(entries))));
  }

  private void touch(String... files) throws IOException {
    for (String file : files) {
      Path path = root.resolve(file);
      Files.createDirectories(path.getParent());
      Files.createFile(path);
    }
  }

  @Test
  void classpathEntriesResolveAgainstTheManifestDirectory() {
    assertEquals(List.of(root.resolve("p.jar"), root.resolve("lib/x.jar")),
        withClasspath("p.jar", "./lib/x.jar").classpathPaths());
  }

  @Test
  void trailingJarGlobExpandsToTheSortedJarsOfThatDirectory() throws IOException {
    touch("lib/b.jar", "lib/a.jar", "lib/notes.txt", "lib/sub/c.jar", "p.jar");
    Files.createDirectories(root.resolve("lib/dir.jar"));
    assertEquals(List.of(root.resolve("p.jar"), root.resolve("lib/a.jar"), root.resolve("lib/b.jar")),
        withClasspath("p.jar", "lib/*.jar").classpathPaths());
  }

  @Test
  void jarGlobAloneMeansTheManifestDirectory() throws IOException {
    touch("one.jar", "two.jar");
    assertEquals(List.of(root.resolve("one.jar"), root.resolve("two.jar")), withClasspath("*.jar").classpathPaths());
  }

  @Test
  void jarGlobOnAMissingDirectoryGivesNothing() {
    assertEquals(List.of(), withClasspath("lib/*.jar").classpathPaths());
  }

  @Test
  void collectionsCannotBeModifiedAndJsonIsCopied() {
    JsonObject config = new JsonObject().put("k", 1);
    List<String> capabilities = new ArrayList<>(List.of("p.run"));
    PluginManifest m = new PluginManifest(null, root, "p", "P", "1.0.0", null, 2, PluginRuntime.JVM, "x.P", null,
        null, null, capabilities, null, null, null, config, true);
    config.put("k", 2);
    capabilities.add("p.other");
    assertEquals(1, m.config().getInteger("k"));
    assertEquals(List.of("p.run"), m.capabilities());
    assertThrows(UnsupportedOperationException.class, () -> m.capabilities().add("x.y"));
    assertThrows(UnsupportedOperationException.class, () -> m.imports().put("a", "*"));
    assertEquals(Map.of(), m.imports());
  }

  @Test
  void runtimeNamesAreTheManifestNames() {
    assertEquals(PluginRuntime.JVM, PluginRuntime.fromJson("jvm"));
    assertEquals(PluginRuntime.PROCESS, PluginRuntime.fromJson("process"));
    assertEquals("process", PluginRuntime.PROCESS.json());
    assertThrows(IllegalArgumentException.class, () -> PluginRuntime.fromJson("JVM"));
  }
}
