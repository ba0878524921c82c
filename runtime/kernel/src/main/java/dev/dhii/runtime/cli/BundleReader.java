package dev.dhii.runtime.cli;

import dev.dhii.runtime.trust.SignedSums;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Extracts a plugin bundle, refusing unsafe entry names and any file that {@code SHA256SUMS} does not vouch for;
 * {@code SHA256SUMS} and {@code SHA256SUMS.sig} are extracted too (the trust policy checks them).
 */
final class BundleReader {

  private static final int MAX_SUMS_BYTES = 1 << 20;
  /** The most a bundle may unpack to, and the most entries it may have: a zip bomb stops here. */
  static final long MAX_EXTRACTED_BYTES = 1L << 30;
  static final int MAX_ENTRIES = 10_000;

  private BundleReader() {
  }

  /** Why a bundle was refused. */
  static final class BundleException extends Exception {

    BundleException(String message) {
      super(message);
    }
  }

  /**
   * @param bundle the zip
   * @param target a directory that does not exist yet
   * @throws BundleException for an unsafe or duplicate entry name, a missing, extra or altered file
   */
  static void extract(Path bundle, Path target) throws IOException, BundleException {
    Files.createDirectories(target);
    Map<String, String> digests = new HashMap<>();
    String sums = null;
    long[] budget = {MAX_EXTRACTED_BYTES};
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (++entries > MAX_ENTRIES) {
          throw new BundleException("the bundle has more than " + MAX_ENTRIES + " entries");
        }
        String name = entry.getName();
        Path path = safePath(target, name);
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          continue;
        }
        if (digests.containsKey(name) || Files.exists(path)) {
          throw new BundleException("the bundle holds " + name + " twice");
        }
        if (name.equals(Checksums.FILE) || name.equals(SignedSums.SIGNATURE_FILE)) {
          byte[] bytes = zip.readNBytes(MAX_SUMS_BYTES + 1);
          if (bytes.length > MAX_SUMS_BYTES) {
            throw new BundleException(name + " is larger than " + MAX_SUMS_BYTES + " bytes");
          }
          Files.write(path, bytes); // kept in the plugin directory: the load-time check verifies it again
          sums = name.equals(Checksums.FILE) ? new String(bytes, StandardCharsets.UTF_8) : sums;
          continue;
        }
        Files.createDirectories(path.getParent());
        digests.put(name, copy(zip, path, budget));
      }
    }
    if (sums == null) {
      throw new BundleException("the bundle has no " + Checksums.FILE);
    }
    verify(sums, digests);
  }

  private static void verify(String sums, Map<String, String> digests) throws BundleException {
    Map<String, String> expected;
    try {
      expected = Checksums.parse(sums);
    } catch (IllegalArgumentException e) {
      throw new BundleException(e.getMessage());
    }
    for (Map.Entry<String, String> sum : expected.entrySet()) {
      String actual = digests.get(sum.getKey());
      if (actual == null) {
        throw new BundleException(Checksums.FILE + " lists " + sum.getKey() + ", which the bundle does not hold");
      }
      if (!actual.equals(sum.getValue())) {
        throw new BundleException("checksum mismatch for " + sum.getKey() + ": " + Checksums.FILE + " says "
          + sum.getValue() + ", the file is " + actual);
      }
    }
    TreeSet<String> extra = new TreeSet<>(digests.keySet());
    extra.removeAll(expected.keySet());
    if (!extra.isEmpty()) {
      throw new BundleException("files not listed in " + Checksums.FILE + ": " + extra);
    }
  }

  /** Refuses absolute names, drive letters, backslashes and {@code ..} segments (zip-slip). */
  static Path safePath(Path target, String name) throws BundleException {
    boolean unsafe = name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf(':') >= 0
      || name.indexOf('\0') >= 0;
    for (String segment : name.split("/")) {
      unsafe |= segment.equals("..");
    }
    Path path = target.resolve(name).normalize();
    if (unsafe || !path.startsWith(target) || path.equals(target)) {
      throw new BundleException("unsafe entry name " + name + " (absolute, or leaving the plugin directory)");
    }
    return path;
  }

  private static String copy(InputStream in, Path path, long[] budget) throws IOException, BundleException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(path), digest)) {
      byte[] buffer = new byte[65536];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        budget[0] -= n;
        if (budget[0] < 0) {
          throw new BundleException("the bundle unpacks to more than " + MAX_EXTRACTED_BYTES + " bytes");
        }
        out.write(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
