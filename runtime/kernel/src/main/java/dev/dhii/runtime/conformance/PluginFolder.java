package dev.dhii.runtime.conformance;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The temporary home of one conformance run: a plugin folder holding only the plugin under test and the
 * plugins it imports (found among the bundled {@code manifests/}), linked, not copied; and an empty data
 * directory. Removed by {@link #close()}.
 */
final class PluginFolder implements AutoCloseable {

  private final Path root;
  private final String pluginId;
  private final JsonObject manifest;
  private final Map<String, Path> loaded = new LinkedHashMap<>();

  private PluginFolder(Path root, String pluginId, JsonObject manifest) {
    this.root = root;
    this.pluginId = pluginId;
    this.manifest = manifest;
  }

  /**
   * @param pluginDir the plugin's directory (with its manifest.json)
   * @param bundled the bundled manifests' folder, where imported plugins are looked up
   * @return the folder, made
   * @throws IllegalArgumentException if {@code pluginDir} has no readable manifest
   */
  static PluginFolder create(Path pluginDir, Path bundled) {
    JsonObject manifest = read(pluginDir.resolve("manifest.json"));
    if (manifest == null) {
      throw new IllegalArgumentException(pluginDir + " is not a plugin directory (no readable manifest.json)");
    }
    String id = manifest.getString("id", pluginDir.getFileName().toString());
    try {
      Path root = Files.createTempDirectory("dhii-conformance");
      Files.createDirectories(root.resolve("plugins"));
      Files.createDirectories(root.resolve("data"));
      PluginFolder folder = new PluginFolder(root, id, manifest);
      folder.link(id, pluginDir);
      folder.linkImports(manifest, bundled);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make a temporary plugin folder: " + e.getMessage(), e);
    }
  }

  private void linkImports(JsonObject first, Path bundled) throws IOException {
    Deque<JsonObject> pending = new ArrayDeque<>();
    pending.add(first);
    while (!pending.isEmpty()) {
      JsonObject imports = pending.poll().getJsonObject("imports", new JsonObject());
      for (String dependency : imports.fieldNames()) {
        if (loaded.containsKey(dependency)) {
          continue;
        }
        Path dir = bundledPlugin(bundled, dependency);
        if (dir != null) {
          link(dependency, dir);
          pending.add(read(dir.resolve("manifest.json")));
        }
      }
    }
  }

  private static Path bundledPlugin(Path bundled, String id) throws IOException {
    if (!Files.isDirectory(bundled)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(bundled)) {
      return dirs.sorted().filter(d -> {
        JsonObject m = read(d.resolve("manifest.json"));
        return m != null && id.equals(m.getString("id"));
      }).findFirst().orElse(null);
    }
  }

  private void link(String id, Path dir) throws IOException {
    Path name = root.resolve("plugins").resolve(id.replaceAll("[^A-Za-z0-9._-]", "_"));
    Files.createSymbolicLink(name, dir.toAbsolutePath().normalize());
    loaded.put(id, dir);
  }

  private static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** @return the plugin under test's id (as its manifest says) */
  String pluginId() {
    return pluginId;
  }

  /** @return whether the plugin under test or one it imports runs as a process (and needs the TCP bridge) */
  boolean needsBridge() {
    return loaded.values().stream().map(d -> read(d.resolve("manifest.json")))
      .anyMatch(m -> m != null && !"jvm".equals(m.getString("runtime", "jvm")));
  }

  /** @return the manifest of the plugin under test, as JSON */
  JsonObject manifest() {
    return manifest;
  }

  /** @return the plugin folder the runtime scans */
  Path plugins() {
    return root.resolve("plugins");
  }

  /** @return the data directory */
  Path data() {
    return root.resolve("data");
  }

  /** @return the ids of the plugins linked in, the one under test first */
  java.util.Set<String> loaded() {
    return loaded.keySet();
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(root)) {
      // links are removed, never followed: the plugin's own directory stays as it is
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is swept by the system
    }
  }
}
