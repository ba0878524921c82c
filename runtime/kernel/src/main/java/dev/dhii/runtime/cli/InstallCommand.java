package dev.dhii.runtime.cli;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.manifest.PluginManifest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code dhii plugin install <bundle.zip> [--plugins DIR] [--force] [--conf FILE] [--url URL] [--no-rescan]}: checks a bundle's
 * {@code SHA256SUMS} and manifest, then puts the plugin in {@code <plugins>/<id>/} in one rename, then has a
 * running runtime rescan its plugin folders ({@link RuntimeRescan}).
 */
final class InstallCommand {

  static final Set<String> FLAGS = Set.of("plugins", "force?", "conf", "url", "no-rescan?");
  /** The runtime's bundled plugins directory holds the schema; installs go elsewhere. */
  private static final String BUNDLED_MARKER = "manifest.schema.json";

  private InstallCommand() {
  }

  static int run(Flags flags, PrintStream out, PrintStream err) {
    Path bundle = Path.of(PluginCommand.onePath(flags, "plugin install"));
    if (!Files.isRegularFile(bundle)) {
      throw new UsageException("no such bundle: " + bundle);
    }
    Path plugins = flags.has("plugins") ? Path.of(flags.get("plugins")).toAbsolutePath().normalize() : defaultDirectory(flags);
    Path staging = null;
    try {
      Files.createDirectories(plugins);
      staging = Files.createTempDirectory(plugins, ".dhii-install-");
      // one level deeper than the runtime's */manifest.json discovery, so a running runtime never sees it
      Path extracted = staging.resolve("plugin");
      BundleReader.extract(bundle, extracted);
      PluginValidator.Report report = PluginValidator.validate(extracted);
      if (!ValidateCommand.print(report, out, err)) {
        err.println("dhii plugin install: refused, the plugin in " + bundle + " is not valid");
        return 1;
      }
      PluginManifest manifest = report.manifest();
      Path target = plugins.resolve(manifest.id());
      boolean replacing = Files.exists(target);
      if (replacing && !flags.has("force")) {
        err.println("dhii plugin install: refused, a plugin " + manifest.id() + " is already installed in " + target
          + " (--force replaces it)");
        return 1;
      }
      moveInto(extracted, target, staging.resolve("previous"));
      out.println("Installed " + manifest.id() + " " + manifest.version() + " in " + target);
      if (!flags.has("no-rescan")) {
        return RuntimeRescan.run(flags.get("conf"), flags.get("url"), manifest.id(), System.getenv(), out, err);
      }
      out.println(replacing
        ? "A running runtime serves it after POST /v1/plugins/" + manifest.id() + "/redeploy (admin token), or on restart."
        : "A running runtime discovers new plugins at start: restart it to serve " + manifest.id() + ".");
      return 0;
    } catch (BundleReader.BundleException e) {
      err.println("dhii plugin install: refused, " + e.getMessage());
      return 1;
    } catch (IOException | UncheckedIOException e) {
      err.println("dhii plugin install: " + e.getMessage());
      return 1;
    } finally {
      deleteQuietly(staging);
    }
  }

  /** Replaces {@code target} by {@code source}, each step a rename; puts the old plugin back if the swap fails. */
  private static void moveInto(Path source, Path target, Path previous) throws IOException {
    boolean replacing = Files.exists(target);
    if (replacing) {
      Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (replacing) {
        Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
      }
      throw e;
    }
  }

  /** The first writable configured plugin directory other than the runtime's bundled one (normally plugins/). */
  static Path defaultDirectory(Flags flags) {
    RuntimeOptions options;
    try {
      options = flags.has("conf") ? RuntimeOptions.fromFile(Path.of(flags.get("conf"))) : new RuntimeOptions();
      options.applyEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<Path> dirs = options.pluginDirectories();
    return dirs.stream().filter(d -> !Files.exists(d.resolve(BUNDLED_MARKER))).filter(InstallCommand::writable)
      .findFirst()
      .orElseThrow(() -> new UsageException("none of the plugin directories " + dirs + " is writable: give --plugins DIR"));
  }

  private static boolean writable(Path dir) {
    if (Files.isDirectory(dir)) {
      return Files.isWritable(dir);
    }
    Path parent = dir.toAbsolutePath().getParent();
    return !Files.exists(dir) && parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover staging directory is hidden and one level too deep to be discovered
    }
  }
}
