package dev.dhii.runtime.cli;

import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.manifest.PluginRuntime;
import dev.dhii.runtime.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin create}: scaffolds whose manifests validate, and its refusals. */
class PluginCreateCommandTest {

  @TempDir
  Path dir;

  static PluginManifest read(Path plugin) {
    ManifestReader.Result result = ManifestReader.create().read(plugin.resolve("manifest.json"));
    assertTrue(result.succeeded(), String.valueOf(result.problems()));
    return result.manifest();
  }

  @Test
  void aJavaPluginIsAMavenProjectWithAValidManifestNamingTheJarItBuilds() throws IOException {
    Cli.Run run = Cli.run("plugin", "create", "hello-world", "--dir", dir.toString());
    assertEquals(0, run.code(), run.all());
    Path plugin = dir.resolve("hello-world");
    PluginManifest manifest = read(plugin);
    assertEquals("hello-world", manifest.id());
    assertEquals("0.1.0", manifest.version());
    assertEquals(2, manifest.apiVersion());
    assertEquals(PluginRuntime.JVM, manifest.runtime());
    assertEquals(List.of("hello-world.hello"), manifest.capabilities());
    assertEquals(List.of("target/hello-world.jar"), manifest.classpath());
    assertEquals("com.example.helloworld.HelloWorldPlugin", manifest.entrypoint());
    String pom = Files.readString(plugin.resolve("pom.xml"));
    assertTrue(pom.contains("<artifactId>dhii-api</artifactId>") && pom.contains("<version>0.1.0-SNAPSHOT</version>")
      && pom.contains("<scope>provided</scope>") && pom.contains("<finalName>hello-world</finalName>"), pom);
    assertTrue(Files.readString(plugin.resolve("README.md")).contains("mvn -B package"));
    assertTrue(Files.isRegularFile(plugin.resolve("src/main/java/com/example/helloworld/HelloWorldPlugin.java")));
  }

  @Test
  void theJavaPluginIsReportedUnbuiltThenValidatesOnceItsJarExists() throws IOException {
    assertEquals(0, Cli.run("plugin", "create", "greeter", "--lang", "java", "--dir", dir.toString()).code());
    Path plugin = dir.resolve("greeter");
    Cli.Run unbuilt = Cli.run("plugin", "validate", plugin.toString());
    assertEquals(1, unbuilt.code(), unbuilt.all());
    assertTrue(unbuilt.err().contains("/classpath/0: target/greeter.jar does not exist (build the plugin first)"), unbuilt.all());

    // what mvn package produces: the scaffolded class compiled against the API
    String source = Files.readString(plugin.resolve("src/main/java/com/example/greeter/GreeterPlugin.java"));
    PluginJar.builder().source("com.example.greeter.GreeterPlugin", source).writeTo(plugin.resolve("target/greeter.jar"));
    Cli.Run built = Cli.run("plugin", "validate", plugin.toString());
    assertEquals(0, built.code(), built.all());
    assertEquals("OK greeter 0.1.0", built.out().strip());
  }

  @Test
  void aPythonPluginIsAProcessManifestWithItsScriptAndAnHonestReadme() throws IOException {
    Cli.Run run = Cli.run("plugin", "create", "pyhello", "--lang", "python", "--dir", dir.toString());
    assertEquals(0, run.code(), run.all());
    Path plugin = dir.resolve("pyhello");
    PluginManifest manifest = read(plugin);
    assertEquals(PluginRuntime.PROCESS, manifest.runtime());
    assertEquals(List.of(), manifest.command());
    assertEquals("plugin:PyhelloPlugin", manifest.entrypoint());
    assertEquals(List.of("pyhello.hello"), manifest.capabilities());
    assertTrue(Files.readString(plugin.resolve("plugin.py")).contains("\"pyhello.hello\""));
    assertTrue(Files.readString(plugin.resolve("requirements.txt")).contains("pydantic"));
    assertTrue(Files.readString(plugin.resolve("plugin.py")).contains("PluginCapability[HelloInput, HelloOutput]"));
    assertTrue(Files.readString(plugin.resolve("README.md")).contains("restarts the process"));

    // validate runs the script in describe mode (the SDK at <home>/runtime/sdk-python; home is the repository)
    String home = System.getProperty("dhii.home");
    System.setProperty("dhii.home", Path.of("..", "..").toAbsolutePath().normalize().toString());
    try {
      Cli.Run validate = Cli.run("plugin", "validate", plugin.resolve("manifest.json").toString());
      assertEquals(0, validate.code(), validate.all());
      assertEquals("OK pyhello 0.1.0", validate.out().strip());
      assertEquals("", validate.err(), "what it announces is what the manifest declares");

      Path manifestFile = plugin.resolve("manifest.json");
      String good = Files.readString(manifestFile);
      Files.writeString(manifestFile, good.replace("\"pyhello.hello\"", "\"pyhello.other\""));
      Cli.Run mismatch = Cli.run("plugin", "validate", manifestFile.toString());
      assertEquals(1, mismatch.code(), mismatch.all());
      assertTrue(mismatch.err().contains("announces [pyhello.hello], which the manifest does not declare"), mismatch.all());
      assertTrue(mismatch.err().contains("[pyhello.other] declared but not described"), mismatch.all());
      Files.writeString(manifestFile, good);

      String script = Files.readString(plugin.resolve("plugin.py"));
      Files.writeString(plugin.resolve("plugin.py"), "import no_such_module\n" + script);
      Cli.Run broken = Cli.run("plugin", "validate", manifestFile.toString());
      assertEquals(1, broken.code(), broken.all());
      assertTrue(broken.err().contains("exited with status 3") && broken.err().contains("no_such_module"), broken.all());
      Files.writeString(plugin.resolve("plugin.py"), script);
    } finally {
      if (home == null) {
        System.clearProperty("dhii.home");
      } else {
        System.setProperty("dhii.home", home);
      }
    }

    // and the runtime runs it as it was generated, a real Python process behind the whole pipeline
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      // the virtual environment validate made (under <home>/data/.venvs) is reused: same requirements.txt
      dev.dhii.runtime.DhiiRuntime runtime = dev.dhii.runtime.testing.TestRuntime.start(vertx, dir,
        new io.vertx.core.json.JsonObject().put("process", new io.vertx.core.json.JsonObject().put("venvDirectory",
          Path.of("..", "..", "data", ".venvs").toAbsolutePath().normalize().toString()))
          // importing pydantic on a busy machine can take longer than the tests' 2 s lifecycle step
          .put("lifecycle", new io.vertx.core.json.JsonObject().put("stepTimeoutMs", 15000)));
      try {
        io.vertx.core.json.JsonObject out = runtime.dispatcher().invoke(dev.dhii.runtime.dispatch.CallRequest.of(
            "pyhello.hello", new io.vertx.core.json.JsonObject().put("name", "Ada")))
          .await(10, java.util.concurrent.TimeUnit.SECONDS).output();
        assertEquals("Hello, Ada", out.getString("text"));
      } finally {
        runtime.stop().await(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      vertx.close();
    }
  }

  @Test
  void aNameTheManifestWouldRejectIsAUsageError() {
    for (String name : List.of("Hello", "1st", "has_underscore", "a.b", "-x")) {
      Cli.Run run = Cli.run("plugin", "create", name, "--dir", dir.toString());
      assertEquals(2, run.code(), name + ": " + run.all());
      assertTrue(run.err().contains("invalid plugin name"), run.all());
      assertFalse(Files.exists(dir.resolve(name)));
    }
  }

  @Test
  void anExistingDirectoryIsRefusedAndLeftAlone() throws IOException {
    Path existing = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(existing.resolve("mine.txt"), "keep");
    Cli.Run run = Cli.run("plugin", "create", "taken", "--dir", dir.toString());
    assertEquals(2, run.code(), run.all());
    assertTrue(run.err().contains("already exists"), run.all());
    assertEquals(List.of(existing.resolve("mine.txt")), Files.list(existing).toList());
  }

  @Test
  void anUnknownLanguageIsAUsageError() {
    Cli.Run run = Cli.run("plugin", "create", "rusty", "--lang", "rust", "--dir", dir.toString());
    assertEquals(2, run.code(), run.all());
    assertFalse(Files.exists(dir.resolve("rusty")));
  }
}
