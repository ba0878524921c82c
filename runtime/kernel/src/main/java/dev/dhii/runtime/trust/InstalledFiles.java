package dev.dhii.runtime.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The load-time check of an installed plugin directory: its {@code SHA256SUMS} signed by a trusted key, every file
 * it lists unchanged, no file it does not list (but {@code __pycache__}, which Python writes).
 */
final class InstalledFiles {

  private static final String PYCACHE = "__pycache__";

  private InstalledFiles() {
  }

  static void check(TrustPolicy policy, Path dir) throws UntrustedException {
    String what = "plugin directory " + dir;
    Path sumsFile = dir.resolve(SignedSums.FILE);
    Path sigFile = dir.resolve(SignedSums.SIGNATURE_FILE);
    byte[] sums;
    byte[] signature;
    try {
      signature = Files.isRegularFile(sigFile) ? Files.readAllBytes(sigFile) : null;
      if (signature != null && !Files.isRegularFile(sumsFile)) {
        throw new UntrustedException(what + " has " + SignedSums.SIGNATURE_FILE + " but no " + SignedSums.FILE);
      }
      sums = signature == null ? new byte[0] : Files.readAllBytes(sumsFile);
    } catch (IOException e) {
      throw new UntrustedException("cannot read the signature of " + what + ": " + e.getMessage());
    }
    policy.verify(what, sums, signature);
    Map<String, String> listed;
    try {
      listed = SignedSums.parse(new String(sums, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new UntrustedException(e.getMessage());
    }
    for (Map.Entry<String, String> entry : listed.entrySet()) {
      Path file = dir.resolve(entry.getKey()).normalize();
      if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
        throw new UntrustedException("tampered after signing: " + entry.getKey() + ", listed in " + SignedSums.FILE
          + ", is missing from " + dir);
      }
      String actual = hash(file);
      if (!actual.equals(entry.getValue())) {
        throw new UntrustedException("tampered after signing: " + entry.getKey() + " in " + dir + " does not match "
          + SignedSums.FILE);
      }
    }
    TreeSet<String> extra = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/'))
        .filter(name -> !name.equals(SignedSums.FILE) && !name.equals(SignedSums.SIGNATURE_FILE))
        .filter(name -> !name.startsWith(PYCACHE + "/") && !name.contains("/" + PYCACHE + "/"))
        .filter(name -> !listed.containsKey(name)).forEach(extra::add);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UntrustedException("cannot list " + dir + ": " + e.getMessage());
    }
    if (!extra.isEmpty()) {
      throw new UntrustedException("tampered after signing: files not listed in " + SignedSums.FILE + " in " + dir
        + ": " + extra);
    }
  }

  private static String hash(Path file) throws UntrustedException {
    MessageDigest digest = SignedSums.digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[65536];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UntrustedException("cannot read " + file + ": " + e.getMessage());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
