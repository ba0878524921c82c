package dev.dhii.runtime.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes plugin manifests into a test's plugin directory. */
public final class TestManifests {

  private TestManifests() {
  }

  /**
   * Writes {@code <root>/<id>/manifest.json} for a built-in (class-path) JVM plugin.
   *
   * @param root the plugin directory
   * @param id the plugin id
   * @param entrypoint the plugin class
   * @param capabilities the declared capability ids
   * @param extra more manifest keys, merged over the defaults (may be null)
   * @return the manifest file
   */
  public static Path write(Path root, String id, Class<?> entrypoint, List<String> capabilities, JsonObject extra) {
    JsonObject manifest = new JsonObject().put("id", id).put("name", id).put("version", "1.0.0").put("apiVersion", 2)
      .put("runtime", "jvm").put("entrypoint", entrypoint.getName()).put("capabilities", new JsonArray(capabilities));
    if (extra != null) {
      manifest.mergeIn(extra, true);
    }
    return writeRaw(root, id, manifest.encodePrettily());
  }

  /**
   * @param root the plugin directory
   * @param dir the plugin's directory name
   * @param text the manifest's text, as is
   * @return the manifest file
   */
  public static Path writeRaw(Path root, String dir, String text) {
    try {
      Path file = Files.createDirectories(root.resolve(dir)).resolve("manifest.json");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
