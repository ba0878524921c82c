package dev.dhii.runtime.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the Node SDK's own suite (runtime/sdk-node/test, node's built-in runner: the SDK's parts, and its example
 * plugin as real node processes over the wire against the harness's bridge) as part of {@code mvn verify}, so that
 * CI runs it too.
 */
class NodeSdkSuiteTest {

  @Test
  void theNodeSdkSuitePasses() throws IOException, InterruptedException {
    NodeRuntimes.requireNode();
    Path sdk = NodePluginTest.SDK;
    Path log = Files.createTempFile("dhii-sdk-node-", ".log");
    try {
      Process suite = new ProcessBuilder("node", "--test", "test/")
        .directory(sdk.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean ended = suite.waitFor(180, TimeUnit.SECONDS);
      if (!ended) {
        suite.destroyForcibly();
      }
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(ended, "the suite did not end within 180 s: " + text);
      assertEquals(0, suite.exitValue(), text);
      assertTrue(text.contains("# fail 0") && !text.contains("# pass 0"), text);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
