package dev.dhii.runtime.manifest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes plugin manifests into a test directory. */
final class ManifestFiles {

  private ManifestFiles() {
  }

  /** A minimal valid JVM manifest for plugin {@code id}, providing {@code <id>.run}. */
  static JsonObject valid(String id) {
    return new JsonObject()
        .put("id", id)
        .put("name", "Plugin " + id)
        .put("version", "1.0.0")
        .put("apiVersion", 2)
        .put("runtime", "jvm")
        .put("entrypoint", "dev.dhii.test." + id.replace("-", "") + ".Plugin")
        .put("capabilities", new JsonArray().add(id + ".run"));
  }

  /** Writes {@code json} to {@code <root>/<plugin>/manifest.json}. */
  static Path write(Path root, String plugin, JsonObject json) {
    return write(root, plugin, json.encodePrettily());
  }

  /** Writes {@code text} to {@code <root>/<plugin>/manifest.json}. */
  static Path write(Path root, String plugin, String text) {
    try {
      Path file = root.resolve(plugin).resolve("manifest.json");
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
