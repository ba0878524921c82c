package dev.dhii.runtime.kernel;

import dev.dhii.runtime.manifest.ManifestDiscovery;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.manifest.PluginRuntime;

import java.nio.file.Path;
import java.util.Set;

/**
 * Which files of a plugin directory the watch follows: the manifest; for a JVM plugin every classpath entry
 * the manifest names, wherever it is ({@code target/x.jar}, {@code lib/*.jar}) and {@code lib/}; for a process
 * plugin every file of the directory, at any depth. Build output, caches and virtual environments
 * ({@code __pycache__}, {@code .venv}, {@code target/classes}, hidden directories...) are never followed, nor
 * editors' swap and backup files.
 */
final class WatchedFiles {

  /** Directories never watched: caches, environments and build output other than the jars. */
  static final Set<String> NOISE = Set.of("__pycache__", ".venv", "venv", "node_modules", "classes", "test-classes",
    "generated-sources", "generated-test-sources", "maven-status", "maven-archiver", "surefire-reports",
    "failsafe-reports", "site", "javadoc", "apidocs", "dependency-reduced-pom", "antrun");

  private WatchedFiles() {
  }

  /**
   * @param name a directory's name
   * @return whether the watch descends into it (not hidden, not noise)
   */
  static boolean descends(String name) {
    return !name.startsWith(".") && !NOISE.contains(name);
  }

  /**
   * @param manifest the plugin's manifest (its directory is where the file lies)
   * @param file a created, changed or deleted path inside the plugin's directory
   * @param directory whether it is (now) a directory
   * @return whether the change concerns what the plugin runs
   */
  static boolean concerns(PluginManifest manifest, Path file, boolean directory) {
    Path dir = manifest.directory().toAbsolutePath().normalize();
    Path rel = dir.relativize(file);
    int depth = rel.getNameCount();
    for (int i = 0; i < depth; i++) {
      if ((i < depth - 1 || directory) && !descends(rel.getName(i).toString())) {
        return false;
      }
    }
    String name = rel.getFileName().toString();
    if (rel.getNameCount() == 1 && name.equals(ManifestDiscovery.MANIFEST_FILE)) {
      return true;
    }
    if (directory) {
      // a directory appearing (target/, lib/, a package): what it holds now is read at the redeploy
      return manifest.runtime() != PluginRuntime.JVM || holdsClasspath(manifest, dir, file) || rel.startsWith("lib");
    }
    if (name.startsWith(".") || name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx")
      || name.endsWith(".tmp") || name.endsWith(".pyc")) {
      return false;
    }
    if (manifest.runtime() != PluginRuntime.JVM) {
      return true;
    }
    return rel.startsWith("lib") || onClasspath(manifest, dir, file);
  }

  private static boolean onClasspath(PluginManifest manifest, Path dir, Path file) {
    for (String entry : manifest.classpath()) {
      if (entry.equals("*.jar") || entry.endsWith("/*.jar")) {
        Path jars = dir.resolve(entry.substring(0, entry.length() - "*.jar".length())).normalize();
        if (jars.equals(file.getParent()) && file.getFileName().toString().endsWith(".jar")) {
          return true;
        }
      } else if (dir.resolve(entry).normalize().equals(file)) {
        return true;
      }
    }
    return false;
  }

  private static boolean holdsClasspath(PluginManifest manifest, Path dir, Path directory) {
    return manifest.classpath().stream().map(e -> dir.resolve(e).normalize()).anyMatch(p -> p.startsWith(directory));
  }
}
