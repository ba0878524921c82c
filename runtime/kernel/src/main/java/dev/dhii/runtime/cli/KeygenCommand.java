package dev.dhii.runtime.cli;

import dev.dhii.runtime.trust.Ed25519Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/**
 * {@code dhii plugin keygen [--out PREFIX] [--force]}: a new Ed25519 key pair for signing bundles, written as
 * {@code PREFIX.key} (PKCS#8 PEM, mode 0600) and {@code PREFIX.pub} (X.509 PEM).
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
  description = {"Write a new Ed25519 key pair for signing plugin bundles: PREFIX.key (private, PKCS#8 PEM, mode 0600)",
    "and PREFIX.pub (public, X.509 PEM); print its key id and how to trust it."})
final class KeygenCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "PREFIX", defaultValue = "dhii-signing",
    description = "Where to write PREFIX.key and PREFIX.pub (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--force", description = "Replace existing PREFIX.key and PREFIX.pub.")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Path key = Path.of(out + ".key");
    Path pub = Path.of(out + ".pub");
    for (Path file : new Path[] {key, pub}) {
      if (Files.exists(file) && !force) {
        stderr.println("dhii plugin keygen: " + file + " exists; not overwritten (--force replaces it)");
        return 1;
      }
    }
    KeyPair pair = Ed25519Keys.generate();
    try {
      if (key.toAbsolutePath().getParent() != null) {
        Files.createDirectories(key.toAbsolutePath().getParent());
      }
      writePrivate(key, Ed25519Keys.toPem(pair.getPrivate()));
      Files.writeString(pub, Ed25519Keys.toPem(pair.getPublic()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      stderr.println("dhii plugin keygen: cannot write " + key + " or " + pub + ": " + e.getMessage());
      return 1;
    }
    String id = Ed25519Keys.keyId(pair.getPublic());
    stdout.println("Wrote " + key + " (private: keep it secret) and " + pub + " (public)");
    stdout.println("Key id: " + id);
    stdout.println("Sign a bundle:  dhii plugin bundle DIR --sign " + key);
    stdout.println("Trust the key:  add \"" + pub.toAbsolutePath() + "\" to plugins.trust.publicKeys in the configuration"
      + " (or DHII_TRUSTED_KEYS=" + pub.toAbsolutePath() + ")");
    stdout.flush();
    return 0;
  }

  /** Creates the file with mode 0600 from the start (no moment where others may read it), replacing an old one. */
  private void writePrivate(Path key, String pem) throws IOException {
    if (force) {
      Files.deleteIfExists(key);
    }
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(key);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException(key + " appeared meanwhile", e);
    }
    Files.writeString(key, pem, StandardCharsets.US_ASCII);
  }
}
