package dev.dhii.runtime.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code SHA256SUMS} file of a bundle, in {@code sha256sum}'s format: {@code <hex>  <path>} per line. */
final class Checksums {

  static final String FILE = "SHA256SUMS";

  private Checksums() {
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
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
    Map<String, String> sums = new LinkedHashMap<>();
    int number = 0;
    for (String line : text.split("\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      // sha256sum writes "<hex>  <path>", or "<hex> *<path>" in binary mode
      if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-fA-F]{64}") || line.charAt(64) != ' '
        || (line.charAt(65) != ' ' && line.charAt(65) != '*')) {
        throw new IllegalArgumentException(FILE + " line " + number + " is not \"<sha256>  <path>\"");
      }
      String path = line.substring(66);
      if (sums.put(path, line.substring(0, 64).toLowerCase()) != null) {
        throw new IllegalArgumentException(FILE + " lists " + path + " twice");
      }
    }
    return sums;
  }
}
