package dev.dhii.runtime.process;

import java.io.IOException;
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
}
