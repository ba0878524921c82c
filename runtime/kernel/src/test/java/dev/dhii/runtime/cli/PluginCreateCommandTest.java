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
    assertTrue(pom.contains("<artifactId>dhii-api</artifactId>") && pom.contains("<dhii.version>0.1.0-SNAPSHOT</dhii.version>")
      && pom.contains("<scope>provided</scope>") && pom.contains("<finalName>hello-world</finalName>"), pom);
    assertTrue(pom.contains("<artifactId>dhii-testkit</artifactId>") && pom.contains("<artifactId>junit-jupiter</artifactId>"), pom);
    assertTrue(pom.contains("<url>file:/") && pom.contains("runtime/testkit/target/repository"), pom);
    assertTrue(Files.readString(plugin.resolve("README.md")).contains("mvn -q package"));
    assertTrue(Files.isRegularFile(plugin.resolve("src/main/java/com/example/helloworld/HelloWorldPlugin.java")));
    String test = Files.readString(plugin.resolve("src/test/java/com/example/helloworld/HelloWorldPluginTest.java"));
    assertTrue(test.contains("PluginTestKit.forPlugin(Path.of(\".\"))") && test.contains("\"hello-world.hello\""), test);
    assertTrue(run.out().contains("mvn -q -f " + plugin + " package"), run.out());
    assertTrue(run.out().contains("dhii invoke hello-world.hello --data '{\"name\":\"Ada\"}'"), run.out());
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
    String readme = Files.readString(plugin.resolve("README.md"));
    String testCommand = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt pytest && .venv/bin/pytest";
    assertTrue(readme.contains(testCommand) && run.out().contains(testCommand), readme + run.out());

    // the generated test passes, run by pytest with the plugin's requirements (a real Python)
    Pytest.Result tested = Pytest.run(plugin);
    assertEquals(0, tested.status(), tested.output());
    assertTrue(tested.output().contains("3 passed"), tested.output());
    // ... and can fail: the greeting changed, its test says so
    Path code = plugin.resolve("plugin.py");
    String original = Files.readString(code);
    Files.writeString(code, original.replace("\"Hello, \"", "\"Bye, \""));
    Pytest.Result failing = Pytest.run(plugin);
    assertEquals(1, failing.status(), failing.output());
    assertTrue(failing.output().contains("test_greets_by_name"), failing.output());
    Files.writeString(code, original);

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
        // served from the virtual environment its requirements.txt was installed into (PythonEnvironment)
        Path venv = new dev.dhii.runtime.process.PythonEnvironment("python3", Path.of("..", "..", "data", ".venvs"),
          List.of(), 1000).location("pyhello", plugin);
        assertTrue(Files.isRegularFile(venv.resolve(".dhii-complete")), venv.toString());
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
  void packageSetsTheJavaPackageAndThePythonModule() throws IOException {
    assertEquals(0, Cli.run("plugin", "create", "greeter", "--package", "org.acme.greet", "--dir", dir.toString()).code());
    Path java = dir.resolve("greeter");
    assertEquals("org.acme.greet.GreeterPlugin", read(java).entrypoint());
    assertTrue(Files.readString(java.resolve("src/main/java/org/acme/greet/GreeterPlugin.java")).startsWith("package org.acme.greet;"));
    assertTrue(Files.isRegularFile(java.resolve("src/test/java/org/acme/greet/GreeterPluginTest.java")));

    assertEquals(0, Cli.run("plugin", "create", "pygreet", "--lang", "python", "--package", "greeting", "--dir", dir.toString()).code());
    Path python = dir.resolve("pygreet");
    assertEquals("greeting:PygreetPlugin", read(python).entrypoint());
    assertTrue(Files.isRegularFile(python.resolve("greeting.py")) && Files.isRegularFile(python.resolve("test_greeting.py")));
    assertFalse(Files.exists(python.resolve("plugin.py")));
  }

  @Test
  void aPackageThatIsNotOneIsAUsageError() {
    for (String pkg : List.of("", "Com.Example", "com..x", "com.example.", "1st.pkg", "com.class", "dev.dhii.mine", "java.x", "a-b")) {
      Cli.Run run = Cli.run("plugin", "create", "jpkg", "--package", pkg, "--dir", dir.toString());
      assertEquals(2, run.code(), pkg + ": " + run.all());
      assertTrue(run.err().contains("invalid --package"), run.all());
      assertFalse(Files.exists(dir.resolve("jpkg")));
    }
    for (String module : List.of("My", "has-dash", "import", "dhii_plugin", "pydantic", "test_x", "1x", "a.b")) {
      Cli.Run run = Cli.run("plugin", "create", "ppkg", "--lang", "python", "--package", module, "--dir", dir.toString());
      assertEquals(2, run.code(), module + ": " + run.all());
      assertTrue(run.err().contains("invalid --package"), run.all());
      assertFalse(Files.exists(dir.resolve("ppkg")));
    }
    Cli.Run node = Cli.run("plugin", "create", "npkg", "--lang", "node", "--package", "x", "--dir", dir.toString());
    assertEquals(2, node.code(), node.all());
    assertTrue(node.err().contains("--package"), node.all());
    assertFalse(Files.exists(dir.resolve("npkg")));
  }

  @Test
  void withoutDirThePluginGoesWhereInstallPutsPlugins() throws IOException {
    // a home like the runtime's: manifests/ (the bundled plugins, with the schema) and no plugins/ yet
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(home.resolve("manifests"));
    Files.writeString(home.resolve("manifests/manifest.schema.json"), "{}");
    String previous = System.getProperty("dhii.home");
    System.setProperty("dhii.home", home.toString());
    try {
      Cli.Run run = Cli.run("plugin", "create", "homed", "--lang", "python");
      assertEquals(0, run.code(), run.all());
      assertTrue(Files.isRegularFile(home.resolve("plugins/homed/manifest.json")), run.all());
      assertFalse(Files.exists(home.resolve("manifests/homed")));
      assertTrue(Files.readString(home.resolve("plugins/homed/conftest.py")).contains(home.resolve("runtime/sdk-python").toString()));
    } finally {
      if (previous == null) {
        System.clearProperty("dhii.home");
      } else {
        System.setProperty("dhii.home", previous);
      }
    }
  }

  @Test
  void anUnknownLanguageIsAUsageError() {
    Cli.Run run = Cli.run("plugin", "create", "rusty", "--lang", "rust", "--dir", dir.toString());
    assertEquals(2, run.code(), run.all());
    assertFalse(Files.exists(dir.resolve("rusty")));
  }
}
