package dev.dhii.testkit;

import dev.dhii.runtime.process.PythonEnvironment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The plugin under test as the kit's runtime reads it: {@code <plugins>/<id>/manifest.json}, the plugin's
 * own manifest with each classpath entry made absolute, except that the jar its build writes under
 * {@code target/} is replaced by {@code target/classes} packed into a jar when those classes exist (the
 * tests of a Maven build run before {@code package} writes the jar).
 */
final class PluginCopy {

  private static final String TARGET = "target/";

  private PluginCopy() {
  }

  /**
   * @param pluginDir the plugin's directory
   * @param plugins the kit's plugin folder, created
   * @return the plugin's id
   * @throws IOException if the manifest cannot be read or the copy written
   */
  static String write(Path pluginDir, Path plugins) throws IOException {
    Path manifestFile = pluginDir.resolve("manifest.json");
    if (!Files.isRegularFile(manifestFile)) {
      throw new IOException("no manifest.json in " + pluginDir);
    }
    JsonObject manifest;
    try {
      manifest = new JsonObject(Files.readString(manifestFile));
    } catch (RuntimeException e) {
      throw new IOException(manifestFile + " is not a JSON object: " + e.getMessage());
    }
    String id = manifest.getString("id");
    if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
      throw new IOException(manifestFile + ": \"id\" must be a plugin id, not " + id);
    }
    Path copy = Files.createDirectories(plugins.resolve(id));
    Path classes = pluginDir.resolve("target/classes");
    if (manifest.getValue("classpath") instanceof JsonArray classpath) {
      JsonArray resolved = new JsonArray();
      boolean packed = false;
      for (Object entry : classpath) {
        String path = String.valueOf(entry);
        if (path.startsWith(TARGET) && path.endsWith(".jar") && !path.contains("*") && Files.isDirectory(classes)) {
          if (!packed) {
            Path jar = copy.resolve("classes.jar");
            pack(classes, jar);
            resolved.add(jar.getFileName().toString());
            packed = true;
          }
        } else {
          resolved.add(pluginDir.resolve(path).normalize().toString());
        }
      }
      manifest.put("classpath", resolved);
    }
    Files.writeString(copy.resolve("manifest.json"), manifest.encodePrettily());
    return id;
  }

  /** Writes the files under {@code classes} into {@code jar}, in a stable order. */
  static void pack(Path classes, Path jar) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      for (Path file : files) {
        zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
  }

  /** @param dir removed with everything in it (nothing happens for null or a missing one) */
  static void delete(Path dir) throws IOException {
    if (dir != null) {
      PythonEnvironment.deleteTree(dir);
    }
  }
}
