package dev.dhii.runtime.process;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the Node SDK's own suite (runtime/sdk-node/test, node's built-in runner: the SDK's parts, and its example
 * plugin as real node processes over the wire against the harness's bridge) as part of {@code mvn verify}, so that
 * CI runs it too.
 */
class NodeSdkSuiteTest {

  @Test
  void theNodeSdkSuitePasses() throws Exception {
    NodeRuntimes.Run suite = NodeRuntimes.node(NodePluginTest.SDK, 180, "--test", "test/");
    assertEquals(0, suite.code(), suite.output());
    assertTrue(suite.output().contains("# fail 0") && !suite.output().contains("# pass 0"), suite.output());
  }
}
