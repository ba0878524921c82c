package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.JarPlugins;
import dev.dhii.runtime.testing.PluginJar;
import dev.dhii.runtime.testing.PythonPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@code serve --watch} without a restart: plugin directories that appear are started, those that go are
 * unloaded, the jar a Maven build writes to {@code target/} is followed, and a replaced directory (deleted and
 * made again, or a folder created after the start) is still watched for every later change.
 */
class PluginWatchHotAddTest {

  private static final Duration WITHIN = Duration.ofSeconds(30);

  @RegisterExtension
  final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(plugins -> {
      JarPlugins.write(plugins, "steady", "s1", null, null, null);
      built(plugins, "maven", "m1");
    })
    .conf(dir -> new JsonObject().put("plugins", new JsonObject().put("directories", new JsonArray()
      .add(dir.toString()).add(dir.resolve("later").resolve("plugins").toString())))
      // a Python process's start on a busy machine
      .put("lifecycle", new JsonObject().put("stepTimeoutMs", 10_000))).build();

  /** What {@code mvn package} leaves: the manifest names {@code target/<id>.jar}, written in place. */
  static Path built(Path root, String id, String version) throws Exception {
    Path dir = Files.createDirectories(root.resolve(id));
    Files.writeString(dir.resolve("manifest.json"), new JsonObject().put("id", id).put("name", id).put("version", "0.1.0")
      .put("apiVersion", 2).put("runtime", "jvm").put("entrypoint", JarPlugins.entrypoint(id))
      .put("classpath", new JsonArray().add("target/" + id + ".jar")).put("capabilities", new JsonArray().add(id + ".hello"))
      .encodePrettily());
    Files.createDirectories(dir.resolve("target/classes"));
    PluginJar.builder().source(JarPlugins.entrypoint(id), JarPlugins.source(id, version, null, null))
      .writeTo(dir.resolve("target").resolve(id + ".jar"));
    return dir;
  }

  private String answer(String capability, String member) {
    try {
      return dhii.runtime().dispatcher().invoke(CallRequest.of(capability, new JsonObject().put("name", "ada")))
        .await(10, TimeUnit.SECONDS).output().getString(member);
    } catch (Exception e) {
      return "(" + e.getMessage() + ")";
    }
  }

  private void served(String capability, String member, String expected) {
    Await.until(() -> expected.equals(answer(capability, member)), WITHIN, capability + " answering " + expected);
  }

  private PluginWatcher watch() throws Exception {
    return PluginWatcher.start(dhii.vertx(), dhii.runtime().kernel(), dhii.runtime().registry());
  }

  @Test
  void aNewJvmPluginDirectoryIsStartedAndARemovedOneUnloaded() throws Exception {
    try (PluginWatcher watcher = watch()) {
      JarPlugins.write(dhii.pluginDir(), "hot", "h1", null, null, null);
      served("hot.hello", "version", "h1");
      PluginRescanTest.delete(dhii.pluginDir().resolve("hot"));
      Await.until(() -> dhii.runtime().registry().plugin("hot") == null, WITHIN, "hot unloaded");
      assertEquals("s1", answer("steady.hello", "version"));
    }
  }

  @Test
  void aNewPythonPluginDirectoryIsStartedAndAnEditInPlaceServed() throws Exception {
    try (PluginWatcher watcher = watch()) {
      Path dir = PythonPlugins.write(dhii.pluginDir(), "pyhot", "hi");
      served("pyhot.hello", "text", "hi ada");
      Files.writeString(dir.resolve("plugin.py"), PythonPlugins.source("pyhot", "bye"));
      served("pyhot.hello", "text", "bye ada");
      // the interpreter's cache is not a change
      int generation = dhii.runtime().registry().plugin("pyhot").generation().number();
      Files.createDirectories(dir.resolve("__pycache__"));
      Files.writeString(dir.resolve("__pycache__/plugin.cpython-311.pyc"), "x");
      Files.writeString(dir.resolve("plugin.py"), PythonPlugins.source("pyhot", "again"));
      served("pyhot.hello", "text", "again ada");
      assertEquals(generation + 1, dhii.runtime().registry().plugin("pyhot").generation().number());
    }
  }

  @Test
  void theJarInTargetIsFollowedThroughRebuildsAndACleanBuild() throws Exception {
    try (PluginWatcher watcher = watch()) {
      assertEquals("m1", answer("maven.hello", "version"));
      built(dhii.pluginDir(), "maven", "m2");
      served("maven.hello", "version", "m2");
      // mvn clean package: target/ goes, then comes back with a new jar
      PluginRescanTest.delete(dhii.pluginDir().resolve("maven/target"));
      built(dhii.pluginDir(), "maven", "m3");
      served("maven.hello", "version", "m3");
      built(dhii.pluginDir(), "maven", "m4");
      served("maven.hello", "version", "m4");
    }
  }

  @Test
  void aJvmPluginCreatedBeforeItsBuildIsServedOnceTheJarIsWritten() throws Exception {
    try (PluginWatcher watcher = watch()) {
      Path dir = built(dhii.pluginDir(), "unbuilt", "u1");
      PluginRescanTest.delete(dir.resolve("target")); // as dhii plugin create leaves it
      Await.until(() -> dhii.runtime().registry().plugin("unbuilt") != null, WITHIN, "unbuilt known");
      assertNotEquals(PluginState.READY, dhii.runtime().registry().plugin("unbuilt").state());
      built(dhii.pluginDir(), "unbuilt", "u1");
      served("unbuilt.hello", "version", "u1");
    }
  }

  @Test
  void aDirectoryDeletedAndMadeAgainIsStillWatched() throws Exception {
    try (PluginWatcher watcher = watch()) {
      PluginRescanTest.delete(dhii.pluginDir().resolve("steady"));
      JarPlugins.write(dhii.pluginDir(), "steady", "s2", null, null, null);
      served("steady.hello", "version", "s2");
      JarPlugins.write(dhii.pluginDir(), "steady", "s3", null, null, null);
      served("steady.hello", "version", "s3");
    }
  }

  @Test
  void aPluginFolderMadeAfterTheStartIsWatched() throws Exception {
    try (PluginWatcher watcher = watch()) {
      Path later = dhii.pluginDir().resolve("later").resolve("plugins");
      Files.createDirectories(later);
      JarPlugins.write(later, "late", "l1", null, null, null);
      served("late.hello", "version", "l1");
      JarPlugins.write(later, "late", "l2", null, null, null);
      served("late.hello", "version", "l2");
    }
  }
}
