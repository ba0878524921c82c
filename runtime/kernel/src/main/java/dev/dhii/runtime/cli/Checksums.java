package dev.dhii.runtime.cli;

import dev.dhii.runtime.trust.SignedSums;

import java.util.Map;

/** The {@code SHA256SUMS} file of a bundle, in {@code sha256sum}'s format: {@code <hex>  <path>} per line. */
final class Checksums {

  static final String FILE = SignedSums.FILE;

  private Checksums() {
  }

  static String sha256(byte[] bytes) {
    return SignedSums.sha256(bytes);
  }

  static String line(String hex, String path) {
    return hex + "  " + path + "\n";
  }

  /**
   * @param text the file's content
   * @return path to hex digest, in file order
   * @throws IllegalArgumentException for a malformed line or a path listed twice
   */
  static Map<String, String> parse(String text) {
    return SignedSums.parse(text);
  }
}
