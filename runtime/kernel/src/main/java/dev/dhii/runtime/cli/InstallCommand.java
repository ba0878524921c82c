package dev.dhii.runtime.cli;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.trust.TrustPolicy;
import dev.dhii.runtime.trust.UntrustedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code dhii plugin install <bundle.zip> [--plugins DIR] [--force] [--conf FILE] [--url URL] [--no-rescan]}:
 * checks a bundle's {@code SHA256SUMS}, its signature against the trust policy ({@code plugins.trust}) and its
 * manifest, then puts the plugin, with {@code SHA256SUMS} and {@code SHA256SUMS.sig}, in {@code <plugins>/<id>/}
 * in one rename, then has a running runtime rescan its plugin folders ({@link RuntimeRescan}).
 */
@Command(name = "install", description = "Verify a bundle and extract it into DIR/<id>, then ask a running runtime to"
  + " rescan its plugin directories.")
final class InstallCommand implements Callable<Integer> {

  /** The runtime's bundled plugins directory holds the schema; installs go elsewhere. */
  private static final String BUNDLED_MARKER = "manifest.schema.json";

  @Spec
  CommandSpec spec;
  @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle zip (see dhii plugin bundle).")
  Path bundle;
  @Option(names = "--plugins", paramLabel = "DIR", description = "The plugin directory to install into (default: the"
    + " first writable plugin directory other than the bundled manifests/, normally plugins/).")
  Path pluginsDir;
  @Option(names = "--force", description = "Replace an installed plugin with the same id.")
  boolean force;
  @Option(names = "--conf", paramLabel = "FILE", description = "The configuration naming the plugin directories.")
  String conf;
  @Option(names = "--url", paramLabel = "URL", description = "The running runtime to rescan (default: DHII_URL, else the"
    + " configured HTTP host and port).")
  String url;
  @Option(names = "--no-rescan", description = "Do not ask a running runtime to rescan; it loads the plugin at its next start.")
  boolean noRescan;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(bundle)) {
      throw new UsageException("no such bundle: " + bundle);
    }
    RuntimeOptions options = BundleSigning.options(conf);
    Path plugins = pluginsDir != null ? pluginsDir.toAbsolutePath().normalize() : defaultDirectory(options);
    Path staging = null;
    try {
      TrustPolicy trust = TrustPolicy.fromOptions(options);
      Files.createDirectories(plugins);
      staging = Files.createTempDirectory(plugins, ".dhii-install-");
      // one level deeper than the runtime's */manifest.json discovery, so a running runtime never sees it
      Path extracted = staging.resolve("plugin");
      BundleReader.extract(bundle, extracted);
      TrustPolicy.Verdict verdict = BundleSigning.verify(trust, extracted);
      PluginValidator.Report report = PluginValidator.validate(extracted);
      if (!ValidateCommand.print(report, out, err)) {
        err.println("dhii plugin install: refused, the plugin in " + bundle + " is not valid");
        return 1;
      }
      PluginManifest manifest = report.manifest();
      Path target = plugins.resolve(manifest.id());
      boolean replacing = Files.exists(target);
      if (replacing && !force) {
        err.println("dhii plugin install: refused, a plugin " + manifest.id() + " is already installed in " + target
          + " (--force replaces it)");
        return 1;
      }
      moveInto(extracted, target, staging.resolve("previous"));
      out.println("Installed " + manifest.id() + " " + manifest.version() + " in " + target);
      out.println(BundleSigning.note(verdict));
      if (!noRescan) {
        return RuntimeRescan.run(options, url, manifest.id(), System.getenv(), out, err);
      }
      out.println(replacing
        ? "A running runtime serves it after POST /v1/plugins/" + manifest.id() + "/redeploy (admin token), or on restart."
        : "A running runtime serves it after POST /v1/plugins/rescan (admin token), or on restart.");
      return 0;
    } catch (BundleReader.BundleException | UntrustedException e) {
      err.println("dhii plugin install: refused, " + e.getMessage());
      return 1;
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
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
  static Path defaultDirectory(String conf) {
    return defaultDirectory(BundleSigning.options(conf));
  }

  /** The first writable plugin directory of {@code options} other than the runtime's bundled one. */
  static Path defaultDirectory(RuntimeOptions options) {
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
