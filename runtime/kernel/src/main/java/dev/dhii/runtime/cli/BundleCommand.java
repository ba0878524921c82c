package dev.dhii.runtime.cli;

import dev.dhii.runtime.manifest.ManifestDiscovery;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.trust.SignedSums;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code dhii plugin bundle <path> [--out FILE] [--sign KEYFILE]}: validates the plugin, then writes
 * {@code <id>-<version>.zip} with {@code manifest.json}, the plugin's artifacts at their relative paths,
 * {@code README.md} if present, {@code SHA256SUMS} and, signed, {@code SHA256SUMS.sig}. The same inputs give the same bytes: fixed entry order and timestamps.
 */
@Command(name = "bundle", description = "Validate a plugin, then write <id>-<version>.zip with SHA256SUMS (and"
  + " SHA256SUMS.sig with --sign).")
final class BundleCommand implements Callable<Integer> {

  static final String README = "README.md";
  /** A Node plugin's own files: its code and JSON (package.json among them), not its tests or node_modules. */
  static final java.util.regex.Pattern NODE_FILE = java.util.regex.Pattern.compile(
    "(?!node_modules/)(?!test/)[^/].*\\.(js|cjs|mjs|json)");
  /** DOS time has no zone; a fixed local time keeps the bytes the same everywhere. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  @Spec
  CommandSpec spec;
  @Parameters(index = "0", paramLabel = "PATH", description = "The plugin directory or its manifest.json.")
  Path path;
  @Option(names = "--out", paramLabel = "FILE", description = "The zip to write, or a directory for it (default: <id>-<version>.zip here).")
  Path outFile;
  @Option(names = "--sign", paramLabel = "KEYFILE", description = "Sign the bundle with this Ed25519 private key (PKCS#8 PEM, see dhii plugin keygen).")
  Path signKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PluginValidator.Report report = PluginValidator.validate(path);
    if (!ValidateCommand.print(report, out, err)) {
      err.println("dhii plugin bundle: not bundled, the plugin is not valid");
      return 1;
    }
    PluginManifest manifest = report.manifest();
    String name = manifest.id() + "-" + manifest.version() + ".zip";
    Path target = outFile != null ? outFile : Path.of(name);
    if (Files.isDirectory(target)) {
      target = target.resolve(name);
    }
    try {
      Map<String, Path> files = contents(manifest);
      PrivateKey key = signKey != null ? BundleSigning.readKey(signKey) : null;
      write(files, target.toAbsolutePath(), key);
      out.println("Wrote " + target + " (" + files.size() + " files and " + Checksums.FILE + BundleSigning.describe(key) + ")");
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println("dhii plugin bundle: " + e.getMessage());
      return 1;
    }
  }

  /** @return entry name to file: the manifest, the artifacts sorted by name, the README */
  static Map<String, Path> contents(PluginManifest manifest) {
    Path dir = manifest.directory();
    TreeMap<String, Path> artifacts = new TreeMap<>();
    for (Path path : manifest.classpathPaths()) {
      artifacts.put(entryName(dir, path), path);
    }
    // a process plugin's artifacts are the files its command names, and its requirements
    for (String arg : manifest.command()) {
      Path path = dir.resolve(arg).normalize();
      if (path.startsWith(dir) && Files.isRegularFile(path)) {
        artifacts.put(entryName(dir, path), path);
      }
    }
    if (manifest.servedBySdk()) { // a Python entrypoint: its package's modules
      try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
        paths.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".py") && !p.toString().contains("__pycache__")
            || manifest.servedByNode() && NODE_FILE.matcher(dir.relativize(p).toString()).matches()))
          .forEach(p -> artifacts.put(entryName(dir, p), p));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    if ((!manifest.command().isEmpty() || manifest.servedBySdk()) && Files.isRegularFile(dir.resolve("requirements.txt"))) {
      artifacts.put("requirements.txt", dir.resolve("requirements.txt"));
    }
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(ManifestDiscovery.MANIFEST_FILE, manifest.file());
    artifacts.remove(ManifestDiscovery.MANIFEST_FILE);
    artifacts.remove(README);
    files.putAll(artifacts);
    if (Files.isRegularFile(dir.resolve(README))) {
      files.put(README, dir.resolve(README));
    }
    return files;
  }

  private static String entryName(Path dir, Path path) {
    if (!path.startsWith(dir)) {
      throw new IllegalArgumentException(path + " is outside the plugin directory " + dir + ": a bundle cannot carry it");
    }
    return dir.relativize(path).toString().replace('\\', '/');
  }

  private static void write(Map<String, Path> files, Path target, PrivateKey key) throws IOException {
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
    try {
      StringBuilder sums = new StringBuilder();
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
        for (Map.Entry<String, Path> file : files.entrySet()) {
          byte[] bytes = Files.readAllBytes(file.getValue());
          put(zip, file.getKey(), bytes);
          sums.append(Checksums.line(Checksums.sha256(bytes), file.getKey()));
        }
        put(zip, Checksums.FILE, sums.toString().getBytes(StandardCharsets.UTF_8));
        if (key != null) {
          put(zip, SignedSums.SIGNATURE_FILE, SignedSums.sign(key, sums.toString().getBytes(StandardCharsets.UTF_8)));
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(ENTRY_TIME);
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }
}
