package dev.dhii.runtime.process;

import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a manifest says "run with node", and what the kernel then starts. */
class NodeCommandTest {

  @TempDir
  Path dir;

  private ManifestReader.Result read(String entrypoint) throws IOException {
    Path plugin = Files.createDirectories(dir.resolve("p" + Math.abs(entrypoint.hashCode())));
    Files.writeString(plugin.resolve("manifest.json"), new JsonObject().put("id", "nodey").put("name", "nodey").put("version", "1.0.0").put("apiVersion", 2)
      .put("runtime", "process").put("entrypoint", entrypoint).put("capabilities", new JsonArray().add("nodey.x")).encode());
    return ManifestReader.create().read(plugin.resolve("manifest.json"));
  }

  @Test
  void anEntrypointEndingInJsCjsOrMjsIsANodePlugin() throws IOException {
    for (String entrypoint : List.of("plugin.js", "lib/server.cjs", "src/index.mjs")) {
      ManifestReader.Result result = read(entrypoint);
      assertTrue(result.succeeded(), entrypoint + ": " + result.problems());
      assertTrue(result.manifest().servedByNode(), entrypoint);
    }
    // Python entrypoints stay Python
    ManifestReader.Result python = read("plugin:MyPlugin");
    assertTrue(python.succeeded(), String.valueOf(python.problems()));
    assertFalse(python.manifest().servedByNode());
  }

  @Test
  void aNodeEntrypointOutsideThePluginDirectoryIsRefused() throws IOException {
    for (String entrypoint : List.of("../other/plugin.js", "/srv/plugin.js", "a/../../b.mjs")) {
      ManifestReader.Result result = read(entrypoint);
      assertTrue(result.failed(), entrypoint + " was accepted");
      assertTrue(String.valueOf(result.problems()).contains("/entrypoint"), String.valueOf(result.problems()));
    }
  }

  @Test
  void nodeRunsTheSdksServeScriptWithTheSdkOnNodePathAndReadOnly() throws IOException {
    PluginManifest manifest = read("plugin.js").manifest();
    Path sdk = Files.createDirectories(dir.resolve("sdk-node"));
    LaunchSpec spec = new ProcessCommand(new PythonEnvironment("python3", dir.resolve("venvs"), List.of(), 1000),
      dir.resolve("data"), dir.resolve("sdk-python")).node(new NodeCommand("/opt/node/bin/node", sdk)).resolve(manifest);
    assertEquals(List.of("/opt/node/bin/node", sdk.resolve("dhii-plugin/serve.js").toString(), "plugin.js"), spec.argv());
    assertEquals(sdk.toString(), spec.extraEnv().get("NODE_PATH"));
    assertEquals(manifest.directory().toString(), spec.extraEnv().get("DHII_PLUGIN_DIR"));
    assertTrue(spec.readOnlyPaths().contains(sdk), String.valueOf(spec.readOnlyPaths()));
    // it starts in its data directory, as a Python entrypoint does
    assertEquals(dir.resolve("data").resolve("nodey"), spec.workDir());
    assertEquals(spec.workDir(), spec.dataDir());
  }

  @Test
  void nodeIsFoundOnPathAndTheSdkBesideThePythonOneByDefault() {
    NodeCommand defaults = NodeCommand.besides(Path.of("/repo/runtime/sdk-python"));
    assertEquals(Path.of("/repo/runtime/sdk-node"), defaults.sdkPath());
    String program = defaults.program();
    assertTrue(program.equals("node") || program.endsWith("/node"), program);
  }
}
