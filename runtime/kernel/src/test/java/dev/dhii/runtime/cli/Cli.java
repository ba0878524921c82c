package dev.dhii.runtime.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Runs {@code dhii} in-process with its output captured, and reads and writes zips for the bundle tests. */
final class Cli {

  private Cli() {
  }

  /**
   * @param code the exit code
   * @param out what went to stdout
   * @param err what went to stderr
   */
  record Run(int code, String out, String err) {

    String all() {
      return out + err;
    }
  }

  static Run run(String... args) {
    return run(Main::run, args);
  }

  /** @return {@code args} run through the whole command tree, without {@link Main#run}'s shortcut for serve */
  static Run runTree(String... args) {
    return run(Main::runTree, args);
  }

  private static Run run(java.util.function.ToIntFunction<String[]> main, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      int code = main.applyAsInt(args);
      return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** @return entry name to content, in zip order */
  static Map<String, byte[]> entries(Path zip) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** Writes {@code entries} as a zip, in map order. */
  static Path zip(Path target, Map<String, byte[]> entries) {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
