package dev.dhii.runtime.cli;

import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.manifest.PluginRuntime;
import dev.dhii.runtime.process.NodeRuntimes;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dhii plugin create NAME --lang node}: the scaffold's own test passes under node's test runner (a real node
 * process over the wire, through the SDK's harness), {@code dhii plugin validate} runs its describe mode, and the
 * runtime serves it as generated.
 */
class NodeScaffoldTest {

  /** The repository (the tests run in runtime/kernel): home of the configuration's relative paths. */
  static final Path REPO = Path.of("..", "..").toAbsolutePath().normalize();
  static final Path SDK = REPO.resolve("runtime").resolve("sdk-node");

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    for (Map.Entry<String, String> file : NodeTemplate.files("served-node", SDK).entrySet()) {
      Path path = plugins.resolve("served-node").resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
  }).conf(new JsonObject().put("process", new JsonObject().put("nodeSdkPath", SDK.toString()))
    // a node process's start on a busy machine can take longer than the tests' 2 s lifecycle step
    .put("lifecycle", new JsonObject().put("stepTimeoutMs", 15000))).build();

  @TempDir
  Path dir;

  private Cli.Run withHome(String... args) {
    String home = System.getProperty("dhii.home");
    System.setProperty("dhii.home", REPO.toString());
    try {
      return Cli.run(args);
    } finally {
      if (home == null) {
        System.clearProperty("dhii.home");
      } else {
        System.setProperty("dhii.home", home);
      }
    }
  }

  @Test
  void createWritesANodePluginWithAManifestPackageJsonTestAndReadme() throws IOException {
    Cli.Run run = withHome("plugin", "create", "node-hello", "--lang", "node", "--dir", dir.toString());
    assertEquals(0, run.code(), run.all());
    Path plugin = dir.resolve("node-hello");
    PluginManifest manifest = PluginCreateCommandTest.read(plugin);
    assertEquals(PluginRuntime.PROCESS, manifest.runtime());
    assertEquals("plugin.js", manifest.entrypoint());
    assertTrue(manifest.servedByNode());
    assertEquals(List.of("node-hello.hello"), manifest.capabilities());
    JsonObject pkg = new JsonObject(Files.readString(plugin.resolve("package.json")));
    assertEquals("node --test", pkg.getJsonObject("scripts").getString("test"));
    assertEquals("file:" + SDK.resolve("dhii-plugin"), pkg.getJsonObject("devDependencies").getString("dhii-plugin"));
    assertTrue(Files.readString(plugin.resolve("plugin.js")).contains("require('dhii-plugin')"));
    assertTrue(Files.readString(plugin.resolve("test/plugin.test.js")).contains("require('dhii-plugin/testing')"));
    String readme = Files.readString(plugin.resolve("README.md"));
    assertTrue(readme.contains("npm test") && readme.contains("dhii plugin validate .") && readme.contains("./dhii link"), readme);
  }

  @Test
  void aBundleOfANodePluginCarriesItsCodeNotItsTestsOrNodeModules() throws IOException {
    assertEquals(0, withHome("plugin", "create", "node-bundled", "--lang", "node", "--dir", dir.toString()).code());
    Path plugin = dir.resolve("node-bundled");
    Files.createDirectories(plugin.resolve("node_modules/left-pad"));
    Files.writeString(plugin.resolve("node_modules/left-pad/index.js"), "module.exports = 1;\n");
    Files.createDirectories(plugin.resolve("lib"));
    Files.writeString(plugin.resolve("lib/words.js"), "module.exports = ['hello'];\n");
    assertEquals(List.of("manifest.json", "lib/words.js", "package.json", "plugin.js", "README.md"),
      List.copyOf(BundleCommand.contents(PluginCreateCommandTest.read(plugin)).keySet()));
  }

  @Test
  void theScaffoldsOwnTestPassesUnderNodesTestRunner() throws Exception {
    assertEquals(0, withHome("plugin", "create", "node-tested", "--lang", "node", "--dir", dir.toString()).code());
    Path plugin = dir.resolve("node-tested");
    NodeRuntimes.Run tested = NodeRuntimes.node(plugin, 120, "--test");
    assertEquals(0, tested.code(), tested.output());
    assertTrue(tested.output().contains("# pass 4") && tested.output().contains("# fail 0"), tested.output());

    // the test can fail: a plugin that greets differently breaks it
    Path code = plugin.resolve("plugin.js");
    Files.writeString(code, Files.readString(code).replace("`${greeting}, ${input.name}!`", "`${greeting} ${input.name}`"));
    NodeRuntimes.Run broken = NodeRuntimes.node(plugin, 120, "--test");
    assertEquals(1, broken.code(), broken.output());
    assertTrue(broken.output().contains("# fail"), broken.output());
  }

  @Test
  void validateRunsTheNodePluginsDescribeModeAndComparesItWithTheManifest() throws IOException {
    assertEquals(0, withHome("plugin", "create", "node-valid", "--lang", "node", "--dir", dir.toString()).code());
    Path plugin = dir.resolve("node-valid");
    Cli.Run ok = withHome("plugin", "validate", plugin.toString());
    assertEquals(0, ok.code(), ok.all());
    assertEquals("OK node-valid 0.1.0", ok.out().strip());
    assertEquals("", ok.err(), "what it describes is what the manifest declares");

    Path manifestFile = plugin.resolve("manifest.json");
    String good = Files.readString(manifestFile);
    Files.writeString(manifestFile, good.replace("\"node-valid.hello\"", "\"node-valid.other\""));
    Cli.Run mismatch = withHome("plugin", "validate", plugin.toString());
    assertEquals(1, mismatch.code(), mismatch.all());
    assertTrue(mismatch.err().contains("announces [node-valid.hello], which the manifest does not declare"), mismatch.all());
    Files.writeString(manifestFile, good);

    Path code = plugin.resolve("plugin.js");
    String source = Files.readString(code);
    Files.writeString(code, "require('no-such-module');\n" + source);
    Cli.Run broken = withHome("plugin", "validate", plugin.toString());
    assertEquals(1, broken.code(), broken.all());
    assertTrue(broken.err().contains("exited with status 3") && broken.err().contains("no-such-module"), broken.all());

    Files.delete(code);
    Cli.Run missing = withHome("plugin", "validate", plugin.toString());
    assertEquals(1, missing.code(), missing.all());
    assertTrue(missing.err().contains("/entrypoint: plugin.js is not in"), missing.all());
  }

  @Test
  void theRuntimeServesTheScaffoldAsGenerated() throws Exception {
    HttpResponse<Buffer> ok = dhii.http().post("/v1/capabilities/served-node.hello/invoke").putHeader("content-type", "application/json")
      .sendBuffer(new JsonObject().put("name", "Ada").toBuffer()).await(15, TimeUnit.SECONDS);
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals("Hello, Ada!", ok.bodyAsJsonObject().getJsonObject("result").getString("message"));
    HttpResponse<Buffer> bad = dhii.http().post("/v1/capabilities/served-node.hello/invoke").putHeader("content-type", "application/json")
      .sendBuffer(new JsonObject().put("name", "Ada").put("age", 3).toBuffer()).await(15, TimeUnit.SECONDS);
    assertEquals(400, bad.statusCode(), bad.bodyAsString());
    HttpResponse<Buffer> blank = dhii.http().post("/v1/capabilities/served-node.hello/invoke").putHeader("content-type", "application/json")
      .sendBuffer(new JsonObject().put("name", "  ").toBuffer()).await(15, TimeUnit.SECONDS);
    assertEquals(400, blank.statusCode(), blank.bodyAsString());
    assertTrue(blank.bodyAsString().contains("name must not be blank"), blank.bodyAsString());
  }
}
