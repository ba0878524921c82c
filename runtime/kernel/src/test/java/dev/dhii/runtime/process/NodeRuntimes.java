package dev.dhii.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Whether this machine has node, as CI installs it (.ci/install); a clear failure naming the install line otherwise. */
public final class NodeRuntimes {

  private NodeRuntimes() {
  }

  /** @throws IOException when {@code node --version} does not run */
  public static void requireNode() throws IOException {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String version = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("node --version failed: " + version);
      }
    } catch (IOException e) {
      throw new IOException("Node.js 18 or later is needed for the Node plugin tests: apt-get install -y nodejs npm"
        + " (as .ci/install does)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * @param code node's exit status (-1: it did not end in time and was killed)
   * @param output its stdout and stderr
   */
  public record Run(int code, String output) {
  }

  /**
   * Runs node in a directory, without the caller's NODE_PATH, its output captured.
   *
   * @param workDir where it runs
   * @param seconds how long it may take
   * @param args node's arguments
   * @return its exit status and output
   */
  public static Run node(Path workDir, long seconds, String... args) throws IOException, InterruptedException {
    requireNode();
    Path log = Files.createTempFile("dhii-node-", ".log");
    try {
      List<String> argv = new ArrayList<>(List.of("node"));
      argv.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
      builder.environment().remove("NODE_PATH");
      Process process = builder.start();
      boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return new Run(ended ? process.exitValue() : -1, ended ? text : "node did not end within " + seconds + " s: " + text);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
