package dev.dhii.runtime.manifest;

import static dev.dhii.runtime.manifest.ManifestFiles.valid;
import static dev.dhii.runtime.manifest.ManifestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

  private static final ManifestReader READER = ManifestReader.create();

  /** The example of DESIGN.md section 4. */
  static final JsonObject FULL = new JsonObject("""
      {
        "id": "email", "name": "Email", "version": "2.0.0", "description": "Send, fetch and search mail",
        "apiVersion": 2,
        "runtime": "jvm",
        "entrypoint": "dev.dhii.plugins.email.EmailPlugin",
        "classpath": ["email-plugin.jar", "lib/*.jar"],
        "imports": { "core-auth": "^1.2.0" },
        "capabilities": ["email.send", "email.receive", "email.search"],
        "resources": { "workerPoolSize": 4, "maxConcurrency": 16, "maxQueue": 64,
                       "timeoutMs": 30000, "maxPayloadBytes": 1048576 },
        "resilience": { "retry": { "maxRetries": 3, "initialDelayMs": 100, "maxDelayMs": 2000 },
                        "circuitBreaker": { "failureRateThreshold": 0.5, "windowSize": 20,
                                            "minimumCalls": 10, "resetTimeoutMs": 5000 } },
        "permissions": ["reflection"],
        "config": { "smtp": { "host": "localhost" } },
        "enabled": true
      }""");

  @TempDir
  Path root;

  private PluginManifest read(JsonObject json) {
    ManifestReader.Result result = READER.read(write(root, json.getString("id"), json));
    assertTrue(result.succeeded(), () -> "problems: " + result.problems());
    assertFalse(result.failed());
    assertEquals(List.of(), result.problems());
    return result.manifest();
  }

  @Test
  void readsEveryFieldOfTheDesignExample() {
    PluginManifest m = read(FULL);
    assertEquals(root.resolve("email").resolve("manifest.json"), m.file());
    assertEquals(root.resolve("email").toAbsolutePath(), m.directory());
    assertEquals("email", m.id());
    assertEquals("Email", m.name());
    assertEquals("2.0.0", m.version());
    assertEquals("Send, fetch and search mail", m.description());
    assertEquals(2, m.apiVersion());
    assertEquals(PluginRuntime.JVM, m.runtime());
    assertEquals("dev.dhii.plugins.email.EmailPlugin", m.entrypoint());
    assertEquals(List.of("email-plugin.jar", "lib/*.jar"), m.classpath());
    assertEquals(Map.of("core-auth", "^1.2.0"), m.imports());
    assertEquals(List.of("email.send", "email.receive", "email.search"), m.capabilities());
    assertEquals(ResourceLimits.DEFAULTS, m.resources());
    assertEquals(3, m.resilience().getJsonObject("retry").getInteger("maxRetries"));
    assertEquals(List.of("reflection"), m.permissions());
    assertEquals("localhost", m.config().getJsonObject("smtp").getString("host"));
    assertTrue(m.enabled());
  }

  @Test
  void toJsonGivesBackTheManifest() {
    assertEquals(FULL, read(FULL).toJson());
  }

  @Test
  void absentOptionalFieldsAreEmptyNotNull() {
    PluginManifest m = read(valid("mini"));
    assertEquals("", m.description());
    assertEquals(List.of(), m.classpath());
    assertEquals(List.of(), m.command());
    assertEquals(Map.of(), m.imports());
    assertEquals(ResourceLimits.NONE, m.resources());
    assertEquals(new JsonObject(), m.resilience());
    assertEquals(List.of(), m.permissions());
    assertEquals(new JsonObject(), m.config());
    assertTrue(m.enabled());
  }

  @Test
  void jvmPluginWithoutClasspathIsAllowed() {
    PluginManifest m = read(valid("builtin"));
    assertEquals(List.of(), m.classpathPaths());
  }

  @Test
  void processPluginNeedsCommandInsteadOfEntrypoint() {
    JsonObject json = valid("py").put("runtime", "process").put("command", new JsonArray().add("python3").add("plugin.py"));
    json.remove("entrypoint");
    PluginManifest m = read(json);
    assertEquals(PluginRuntime.PROCESS, m.runtime());
    assertEquals(List.of("python3", "plugin.py"), m.command());
    assertNull(m.entrypoint());
  }

  @Test
  void legacyPluginsAreApiVersionOne() {
    assertEquals(1, read(valid("legacy").put("apiVersion", 1)).apiVersion());
  }

  @Test
  void disabledPluginIsRead() {
    assertFalse(read(valid("off").put("enabled", false)).enabled());
  }

  @Test
  void preReleaseVersionsAndRangesAreAccepted() {
    PluginManifest m = read(valid("pre").put("version", "2.0.0-rc.1+build.7")
        .put("imports", new JsonObject().put("a", ">=1.0.0-beta <2.0.0").put("b", "*")));
    assertEquals("2.0.0-rc.1+build.7", m.version());
  }

  @Test
  void missingFileIsAProblem() {
    Path file = root.resolve("nothing").resolve("manifest.json");
    ManifestReader.Result result = READER.read(file);
    assertTrue(result.failed());
    assertEquals(file + ": /: file not found", result.problems().get(0).message());
  }

  @Test
  void resultHoldsEitherAManifestOrProblems() {
    assertThrows(IllegalArgumentException.class, () -> new ManifestReader.Result(null, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new ManifestReader.Result(read(valid("x")),
        List.of(ManifestProblem.ofFile(root, "x", "broken"))));
  }

  @Test
  void schemaIsDraft202012() {
    assertEquals("https://json-schema.org/draft/2020-12/schema", ManifestReader.schema().getString("$schema"));
  }
}
