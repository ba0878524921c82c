package dev.dhii.runtime.cli;

import dev.dhii.api.Capability;
import dev.dhii.api.Plugin;
import dev.dhii.api.legacy.DomainModule;
import dev.dhii.api.legacy.LegacyAdapter;
import dev.dhii.runtime.isolation.ForbiddenApiScanner;
import dev.dhii.runtime.isolation.PluginClassLoader;
import dev.dhii.runtime.manifest.ManifestDiscovery;
import dev.dhii.runtime.manifest.ManifestProblem;
import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.CapabilityDiff;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.manifest.PluginRuntime;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a plugin the way the runtime will load it: its manifest, its classpath, the forbidden calls of its
 * bytecode, then (JVM plugins whose bytecode passed) its entrypoint and the capabilities it provides.
 */
final class PluginValidator {

  private PluginValidator() {
  }

  /**
   * What {@link #validate} found.
   *
   * @param manifest the manifest, {@code null} if it could not be read
   * @param errors what keeps the runtime from loading the plugin
   * @param warnings what the runtime may still refuse, or what could not be checked
   */
  record Report(PluginManifest manifest, List<String> errors, List<String> warnings) {

    boolean ok() {
      return manifest != null && errors.isEmpty();
    }
  }

  /** @param path a plugin directory or its manifest file @return the manifest file */
  static Path manifestFile(Path path) {
    return Files.isDirectory(path) ? path.resolve(ManifestDiscovery.MANIFEST_FILE) : path;
  }

  /** @param path a plugin directory or its manifest file @return the report (a process plugin's command is not run) */
  static Report validate(Path path) {
    return validate(path, false);
  }

  /**
   * @param path a plugin directory or its manifest file
   * @param describe whether to run a process plugin's command to read the capabilities it would
   *                 announce (the author's own {@code validate}; never for a bundle being installed)
   * @return the report
   */
  static Report validate(Path path, boolean describe) {
    Path file = manifestFile(path).toAbsolutePath().normalize();
    ManifestReader.Result read = ManifestReader.create().read(file);
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (read.failed()) {
      read.problems().stream().map(ManifestProblem::message).forEach(errors::add);
      return new Report(null, errors, warnings);
    }
    PluginManifest manifest = read.manifest();
    if (manifest.runtime() == PluginRuntime.PROCESS) {
      // the command's script, when it names one in the plugin's directory, must be there
      for (int i = 1; i < manifest.command().size(); i++) {
        String arg = manifest.command().get(i);
        if (!arg.startsWith("-") && arg.matches(".*\\.(py|js|rb|sh|pl)$") && !java.nio.file.Files.isRegularFile(manifest.directory().resolve(arg))) {
          errors.add(file + ": /command/" + i + ": " + arg + " does not exist in " + manifest.directory());
        }
      }
      if (manifest.servedByNode()) {
        if (!java.nio.file.Files.isRegularFile(manifest.directory().resolve(manifest.entrypoint()))) {
          errors.add(file + ": /entrypoint: " + manifest.entrypoint() + " is not in " + manifest.directory());
        }
      } else if (manifest.servedBySdk()) {
        // the entrypoint's module must be in the plugin's directory ("." is the directory's __init__.py, or the
        // modules the SDK searches when no attribute is named; ".name" a module of the directory's package)
        String entrypoint = manifest.entrypoint();
        String module = entrypoint.indexOf(':') < 0 ? entrypoint : entrypoint.substring(0, entrypoint.indexOf(':'));
        boolean search = module.equals(".") && entrypoint.indexOf(':') < 0;
        Path base = module.equals(".") ? manifest.directory()
          : manifest.directory().resolve(module.replaceFirst("^\\.", "").replace('.', '/'));
        if (!search && !java.nio.file.Files.isRegularFile(module.equals(".") ? base.resolve("__init__.py") : base.resolveSibling(base.getFileName() + ".py"))
          && !java.nio.file.Files.isRegularFile(base.resolve("__init__.py"))) {
          errors.add(file + ": /entrypoint: module " + module + " of " + manifest.entrypoint() + " is not in " + manifest.directory());
        }
      }
      if (describe && errors.isEmpty()) {
        ProcessDescription.check(manifest, errors, warnings);
      } else {
        warnings.add(file + ": /runtime: a process plugin's capabilities are known once its process announces them;"
          + " only the manifest and the command were checked");
      }
      return new Report(manifest, errors, warnings);
    }
    List<Path> jars = classpath(manifest, errors, warnings);
    scan(manifest, jars, errors);
    if (errors.isEmpty()) {
      load(manifest, jars, errors, warnings);
    }
    return new Report(manifest, errors, warnings);
  }

  private static List<Path> classpath(PluginManifest manifest, List<String> errors, List<String> warnings) {
    Path file = manifest.file();
    for (int i = 0; i < manifest.classpath().size(); i++) {
      String entry = manifest.classpath().get(i);
      String where = file + ": /classpath/" + i + ": ";
      Path resolved = manifest.directory().resolve(entry.endsWith("*.jar") ? entry.substring(0, entry.length() - 5) : entry)
        .normalize();
      if (!resolved.startsWith(manifest.directory())) {
        warnings.add(where + entry + " is outside the plugin directory: a bundle cannot carry it");
      }
      if (entry.endsWith("*.jar")) {
        continue;
      }
      if (!Files.isRegularFile(resolved)) {
        errors.add(where + entry + " does not exist" + (entry.startsWith("target/") ? " (build the plugin first)" : ""));
      }
    }
    if (manifest.classpath().isEmpty()) {
      warnings.add(file + ": /classpath: empty: the entrypoint must be on the runtime's own class path");
    }
    List<Path> jars = new ArrayList<>();
    try {
      manifest.classpathPaths().stream().filter(Files::isRegularFile).forEach(jars::add);
    } catch (java.io.UncheckedIOException e) {
      errors.add(file + ": /classpath: " + e.getMessage());
    }
    return jars;
  }

  private static void scan(PluginManifest manifest, List<Path> jars, List<String> errors) {
    try {
      for (ForbiddenApiScanner.Violation v : ForbiddenApiScanner.create().scan(jars, Set.copyOf(manifest.permissions()))) {
        errors.add(manifest.file() + ": /permissions: forbidden call: " + v.message());
      }
    } catch (IOException e) {
      errors.add(manifest.file() + ": /classpath: cannot scan: " + e.getMessage());
    }
  }

  /** Loads and instantiates the entrypoint as the kernel does; runs only code whose bytecode passed the scan. */
  private static void load(PluginManifest manifest, List<Path> jars, List<String> errors, List<String> warnings) {
    String where = manifest.file() + ": /entrypoint: ";
    ClassLoader runtimeLoader = PluginValidator.class.getClassLoader();
    PluginClassLoader pluginLoader = jars.isEmpty() ? null : PluginClassLoader.create(manifest.id(), jars, runtimeLoader);
    ClassLoader loader = pluginLoader == null ? runtimeLoader : pluginLoader;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> type = Class.forName(manifest.entrypoint(), false, loader);
      boolean legacy = manifest.apiVersion() == 1;
      Class<?> contract = legacy ? DomainModule.class : Plugin.class;
      if (!contract.isAssignableFrom(type)) {
        errors.add(where + type.getName() + " does not implement " + contract.getName() + " (apiVersion "
          + manifest.apiVersion() + ")");
        return;
      }
      Object instance = type.getConstructor().newInstance();
      Plugin plugin = legacy ? new LegacyAdapter((DomainModule) instance) : (Plugin) instance;
      compare(manifest, plugin, errors, warnings);
    } catch (ClassNotFoundException | LinkageError e) {
      errors.add(where + manifest.entrypoint() + " cannot be loaded: " + e
        + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
    } catch (NoSuchMethodException e) {
      errors.add(where + manifest.entrypoint() + " has no public no-arg constructor");
    } catch (InvocationTargetException e) {
      errors.add(where + "the constructor of " + manifest.entrypoint() + " threw " + e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      errors.add(where + manifest.entrypoint() + " cannot be instantiated: " + e);
    } finally {
      thread.setContextClassLoader(previous);
      close(pluginLoader);
    }
  }

  private static void compare(PluginManifest manifest, Plugin plugin, List<String> errors, List<String> warnings) {
    String where = manifest.file() + ": /capabilities: ";
    List<Capability<?, ?>> provided;
    try {
      provided = plugin.capabilities();
    } catch (RuntimeException | LinkageError e) {
      warnings.add(where + "capabilities() threw " + e + " before onLoad; not compared (the runtime checks them after onLoad)");
      return;
    }
    if (provided == null || provided.isEmpty()) {
      warnings.add(where + "capabilities() is empty before onLoad; not compared (the runtime checks them after onLoad)");
      return;
    }
    TreeSet<String> actual = new TreeSet<>();
    for (Capability<?, ?> capability : provided) {
      if (!actual.add(capability.id())) {
        errors.add(where + capability.id() + " is provided twice");
      }
    }
    CapabilityDiff diff = CapabilityDiff.of(manifest.capabilities(), actual);
    if (!diff.missing().isEmpty()) {
      errors.add(where + "declared but not provided by the code: " + diff.missing());
    }
    if (!diff.undeclared().isEmpty()) {
      errors.add(where + "provided by the code but not declared: " + diff.undeclared());
    }
  }

  private static void close(PluginClassLoader loader) {
    if (loader == null) {
      return;
    }
    try {
      loader.close();
    } catch (IOException e) {
      // the loader only held jar handles; the command ends soon
    }
  }
}
