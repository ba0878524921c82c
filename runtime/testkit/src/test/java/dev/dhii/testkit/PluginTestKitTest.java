package dev.dhii.testkit;

import dev.dhii.testkit.fixture.EchoFixturePlugin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit against a real runtime: a plugin directory laid out as a Maven build leaves it. */
class PluginTestKitTest {

  @TempDir
  Path dir;
  private PluginTestKit kit;

  @AfterEach
  void stop() {
    if (kit != null) {
      kit.close();
    }
  }

  /** Writes manifest.json naming target/fx.jar (not built yet) and the fixture's classes in target/classes. */
  private Path plugin() throws IOException, URISyntaxException {
    Path plugin = Files.createDirectories(dir.resolve("fx"));
    JsonObject manifest = new JsonObject().put("id", "fx").put("name", "fx").put("version", "1.0.0").put("apiVersion", 2)
      .put("runtime", "jvm").put("entrypoint", EchoFixturePlugin.class.getName())
      .put("classpath", new JsonArray().add("target/fx.jar"))
      .put("capabilities", new JsonArray().add("fx.echo").add("fx.broken").add("fx.whoami"));
    Files.writeString(plugin.resolve("manifest.json"), manifest.encodePrettily());
    Path classes = Path.of(EchoFixturePlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path fixture = classes.resolve("dev/dhii/testkit/fixture");
    Path target = Files.createDirectories(plugin.resolve("target/classes/dev/dhii/testkit/fixture"));
    try (Stream<Path> files = Files.list(fixture)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return plugin;
  }

  @Test
  void servesThePluginsCompiledClassesBeforeItsJarIsBuilt() throws Exception {
    Path plugin = plugin();
    kit = PluginTestKit.forPlugin(plugin).start();
    assertEquals("fx", kit.pluginId());
    assertEquals(new JsonObject().put("text", "hi"), kit.invoke("fx.echo", new JsonObject().put("text", "hi")));
    assertEquals("UP", kit.health().getString("status"), kit.health().encode());
    assertTrue(kit.httpPort() > 0);
    assertFalse(Files.exists(plugin.resolve("target/fx.jar")), "the plugin's own directory is left as it was");
  }

  @Test
  void failuresAreTypedAsACallerSeesThem() throws Exception {
    kit = PluginTestKit.forPlugin(plugin()).start();
    PluginCallException invalid = assertThrows(PluginCallException.class,
      () -> kit.invoke("fx.echo", new JsonObject().put("text", 42)));
    assertEquals("VALIDATION", invalid.code());
    assertFalse(invalid.errorMessage().isBlank());

    assertEquals("NOT_FOUND", assertThrows(PluginCallException.class,
      () -> kit.invoke("fx.nothing", new JsonObject())).code());

    PluginCallException internal = assertThrows(PluginCallException.class,
      () -> kit.invoke("fx.broken", new JsonObject().put("text", "x")));
    assertEquals("INTERNAL", internal.code());
    assertFalse(internal.errorMessage().contains("secret") || internal.errorMessage().contains("IllegalState"),
      internal.errorMessage());

    assertEquals("AUTHENTICATION", assertThrows(PluginCallException.class,
      () -> kit.invoke("fx.whoami", new JsonObject().put("text", "x"))).code());
    assertEquals("ada", kit.invokeAs("ada", "fx.whoami", new JsonObject().put("text", "x")).getString("text"));
  }

  @Test
  void theBuiltJarServesWhenThereAreNoClasses() throws Exception {
    Path plugin = plugin();
    PluginCopy.pack(plugin.resolve("target/classes"), plugin.resolve("target/fx.jar"));
    PluginCopy.delete(plugin.resolve("target/classes"));
    kit = PluginTestKit.forPlugin(plugin).start();
    assertEquals("jar", kit.invoke("fx.echo", new JsonObject().put("text", "jar")).getString("text"));
  }

  @Test
  void aPluginThatDoesNotLoadFailsTheStartWithItsReason() throws Exception {
    Path plugin = plugin();
    Path manifest = plugin.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace(EchoFixturePlugin.class.getName(), "no.such.Plugin"));
    IllegalStateException failed = assertThrows(IllegalStateException.class, () -> PluginTestKit.forPlugin(plugin).start());
    assertTrue(failed.getMessage().contains("fx") && failed.getMessage().contains("did not load"), failed.getMessage());

    IllegalStateException none = assertThrows(IllegalStateException.class,
      () -> PluginTestKit.forPlugin(dir.resolve("missing")).start());
    assertTrue(none.getMessage().contains("no manifest.json"), none.getMessage());
  }

  @Test
  void itMustBeStartedAndStopsCleanlyTwice() throws Exception {
    PluginTestKit unstarted = PluginTestKit.forPlugin(plugin());
    assertThrows(IllegalStateException.class, () -> unstarted.invoke("fx.echo", new JsonObject()));
    kit = unstarted.start();
    assertThrows(IllegalStateException.class, kit::start);
    Path work = kit.workDirectory();
    assertTrue(Files.isDirectory(work));
    kit.close();
    assertFalse(Files.exists(work), "the temporary plugin folder and data directory are removed");
    kit.close();
    assertThrows(IllegalStateException.class, () -> unstarted.invoke("fx.echo", new JsonObject().put("text", "x")));
    assertThrows(IllegalArgumentException.class, () -> unstarted.withTimeout(0));
  }
}
