package dev.dhii.runtime.mcp;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.McpFixturePlugin;
import dev.dhii.runtime.fixtures.WsFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP Python SDK (the {@code mcp} package, 2.3.0) against a listening runtime's {@code /mcp}:
 * connect (its discover probe falls back to initialize), list every tool page by page with both schemas,
 * call, a typed failure naming the field, an unknown tool, progress, cancellation, 50 concurrent calls and
 * list_changed on a redeploy (src/test/resources/mcp/sdk_client.py). The SDK lives in a virtual environment
 * that .ci/run creates; {@code DHII_MCP_PYTHON} may name another interpreter that has it.
 */
class McpSdkClientTest {

  static final String INSTALL = "python3 -m venv ~/.cache/dhii-test/mcp-venv && ~/.cache/dhii-test/mcp-venv/bin/pip install 'mcp==2.3.0'";

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(dir -> {
      TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
      TestManifests.write(dir, "ws", WsFixturePlugin.class, List.of("ws.hold", "ws.user"), null);
      TestManifests.write(dir, "mcpfx", McpFixturePlugin.class, List.of("mcpfx.progress", "mcpfx.delete_note"), null);
    })
    .conf(new JsonObject().put("tcpBridge", new JsonObject().put("enabled", false))
      .put("mcp", new JsonObject().put("pageSize", 2)))
    .build();

  static Path python() {
    String configured = System.getenv("DHII_MCP_PYTHON");
    Path python = configured != null ? Path.of(configured)
      : Path.of(System.getProperty("user.home"), ".cache", "dhii-test", "mcp-venv", "bin", "python");
    assertTrue(Files.isExecutable(python), "no Python with the MCP SDK at " + python + "; install it with: " + INSTALL);
    return python;
  }

  @Test
  void theOfficialPythonSdkListsCallsCancelsAndHearsListChanged() throws IOException, InterruptedException {
    String key = "mcp-" + UUID.randomUUID();
    WsFixturePlugin.Gate gate = WsFixturePlugin.gate(key);
    Path script = Path.of("src", "test", "resources", "mcp", "sdk_client.py").toAbsolutePath();
    Path log = Files.createTempFile("dhii-mcp-sdk-", ".log");
    try {
      Process client = new ProcessBuilder(python().toString(), "-B", script.toString(), "http://127.0.0.1:" + dhii.httpPort(),
        dhii.admin(), key).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean ended = client.waitFor(180, TimeUnit.SECONDS);
      if (!ended) {
        client.destroyForcibly();
      }
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(ended, "the SDK client did not end within 180 s: " + text);
      assertEquals(0, client.exitValue(), text);
      assertTrue(text.contains(" 0 failed"), text);
      // the SDK's notifications/cancelled reached the plugin's cancellation token
      gate.cancelled.await(n -> n == 1, Duration.ofSeconds(10), "the held call's token fired");
      assertEquals(1, gate.entered.get());
    } finally {
      gate.release();
      Files.deleteIfExists(log);
    }
  }
}
