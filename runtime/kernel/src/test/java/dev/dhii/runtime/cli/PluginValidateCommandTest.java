package dev.dhii.runtime.cli;

import dev.dhii.runtime.testing.JarPlugins;
import dev.dhii.runtime.testing.PluginJar;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin validate}: what the runtime would refuse is reported before it is deployed. */
class PluginValidateCommandTest {

  @TempDir
  Path dir;

  static Cli.Run validate(Path path) {
    return Cli.run("plugin", "validate", path.toString());
  }

  /** A jar plugin {@code <id>} whose capabilities() is {@code body}. */
  Path plugin(String id, String body, JsonObject manifestExtra) throws IOException {
    Path plugin = Files.createDirectories(dir.resolve(id));
    PluginJar.builder().source("com.acme.Lazy", """
      package com.acme;
      import dev.dhii.api.*;
      import java.util.List;
      public final class Lazy implements Plugin {
        public List<Capability<?, ?>> capabilities() { %s }
      }
      """.formatted(body)).writeTo(plugin.resolve(id + ".jar"));
    JsonObject manifest = new JsonObject().put("id", id).put("name", id).put("version", "1.0.0").put("apiVersion", 2)
      .put("runtime", "jvm").put("entrypoint", "com.acme.Lazy").put("classpath", new JsonArray().add(id + ".jar"))
      .put("capabilities", new JsonArray().add(id + ".hello"));
    Files.writeString(plugin.resolve("manifest.json"), manifest.mergeIn(manifestExtra == null ? new JsonObject() : manifestExtra).encode());
    return plugin;
  }

  @Test
  void aGoodJarPluginWithALibraryIsOk() {
    Path plugin = JarPlugins.write(dir, "good", "1.0.0", JarPlugins.library(dir.resolve("library.jar"), "lib-1"), null, null);
    Cli.Run run = validate(plugin);
    assertEquals(0, run.code(), run.all());
    assertEquals("OK good 1.0.0", run.out().strip());
    assertEquals("", run.err());
    assertEquals(0, validate(plugin.resolve("manifest.json")).code());
  }

  @Test
  void aBadManifestListsEveryProblemWithItsJsonPointer() throws IOException {
    Path plugin = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(plugin.resolve("manifest.json"), new JsonObject().put("id", "bad").put("name", "bad").put("version", "1.0")
      .put("apiVersion", 2).put("runtime", "jvm").put("entrypoint", "x.Y").put("capabilities", new JsonArray())
      .put("colour", "blue").encode());
    Cli.Run run = validate(plugin);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains(plugin.resolve("manifest.json") + " (bad): /version: "), run.all());
    assertTrue(run.err().contains("/colour"), run.all());
    assertFalse(run.out().contains("OK"), run.all());
  }

  @Test
  void aMissingManifestIsAProblemNotACrash() {
    Cli.Run run = validate(dir.resolve("nowhere"));
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("file not found"), run.all());
  }

  @Test
  void aJarCallingSystemExitIsRefusedNamingTheCall() {
    Path plugin = JarPlugins.write(dir, "quitter", "1.0.0", null, "System.exit(3);", null);
    Cli.Run run = validate(plugin);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("calls java.lang.System.exit(I)V (needs permission \"exit\")"), run.all());
  }

  @Test
  void theExitPermissionAllowsSystemExit() {
    Path plugin = JarPlugins.write(dir, "quitter", "1.0.0", null, "System.exit(3);", new JsonObject().put("permissions", new JsonArray().add("exit")));
    assertEquals(0, validate(plugin).code());
  }

  @Test
  void capabilitiesThatDifferFromTheManifestAreAnError() {
    Path plugin = JarPlugins.write(dir, "odd", "1.0.0", null, null,
      new JsonObject().put("capabilities", new JsonArray().add("odd.hello").add("odd.bye")));
    Cli.Run run = validate(plugin);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("/capabilities: declared but not provided by the code: [odd.bye]"), run.all());
  }

  @Test
  void capabilitiesBuiltInOnLoadAreAWarningNotAnError() throws IOException {
    Cli.Run throwing = validate(plugin("lazy", "throw new IllegalStateException(\"built in onLoad\");", null));
    assertEquals(0, throwing.code(), throwing.all());
    assertTrue(throwing.err().contains("warning:") && throwing.err().contains("built in onLoad"), throwing.all());
    Cli.Run empty = validate(plugin("later", "return List.of();", null));
    assertEquals(0, empty.code(), empty.all());
    assertTrue(empty.err().contains("capabilities() is empty before onLoad"), empty.all());
  }

  @Test
  void anEntrypointThatIsNotAPluginOrIsMissingIsAnError() throws IOException {
    Path notPlugin = plugin("plain", "return List.of();", new JsonObject().put("entrypoint", "java.lang.Object"));
    Cli.Run run = validate(notPlugin);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("/entrypoint: java.lang.Object does not implement dev.dhii.api.Plugin"), run.all());
    Cli.Run missing = validate(plugin("absent", "return List.of();", new JsonObject().put("entrypoint", "com.acme.Nope")));
    assertEquals(1, missing.code(), missing.all());
    assertTrue(missing.err().contains("/entrypoint: com.acme.Nope cannot be loaded"), missing.all());
  }

  @Test
  void aMissingClasspathJarIsNamedWithItsPointer() throws IOException {
    Path plugin = JarPlugins.write(dir, "gone", "1.0.0", null, null, null);
    Files.delete(plugin.resolve("gone.jar"));
    Cli.Run run = validate(plugin);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("/classpath/0: gone.jar does not exist"), run.all());
  }

  @Test
  void validateNeedsExactlyOnePath() {
    assertEquals(2, Cli.run("plugin", "validate").code());
    assertEquals(2, Cli.run("plugin", "frobnicate", "x").code());
  }
}
