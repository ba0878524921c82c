package dev.dhii.runtime.manifest;

import static dev.dhii.runtime.manifest.ManifestFiles.valid;
import static dev.dhii.runtime.manifest.ManifestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dhii.runtime.manifest.ManifestDiscovery.Discovery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a manifest can be wrong: the problem names the file, the JSON pointer and the reason, and
 * the plugins beside the bad one still load.
 */
class ManifestProblemsTest {

  private static final ManifestReader READER = ManifestReader.create();

  @TempDir
  Path root;

  /** Discovers a bad manifest between two good ones and returns its problems, checking the good ones load. */
  private List<ManifestProblem> problemsOf(String badManifest) {
    write(root, "a-good", valid("good"));
    Path bad = write(root, "b-bad", badManifest);
    write(root, "c-other", valid("other"));
    Discovery discovery = ManifestDiscovery.discover(READER, List.of(root));
    assertEquals(List.of("good", "other"), discovery.manifests().stream().map(PluginManifest::id).toList(),
        () -> "problems: " + discovery.problems());
    assertTrue(!discovery.problems().isEmpty() && discovery.problems().stream().allMatch(p -> p.file().equals(bad)),
        () -> "problems: " + discovery.problems());
    return discovery.problems();
  }

  private ManifestProblem onlyProblem(String badManifest, String pointer, String reasonPart) {
    List<ManifestProblem> problems = problemsOf(badManifest);
    assertEquals(1, problems.size(), () -> "problems: " + problems);
    return assertProblem(problems.get(0), pointer, reasonPart);
  }

  private static ManifestProblem assertProblem(ManifestProblem problem, String pointer, String reasonPart) {
    assertEquals(pointer, problem.pointer(), problem::message);
    assertTrue(problem.reason().contains(reasonPart), problem::message);
    String message = problem.message();
    assertTrue(message.startsWith(problem.file().toString()), message);
    assertTrue(message.contains(": " + (pointer.isEmpty() ? "/" : pointer) + ": "), message);
    assertTrue(message.endsWith(problem.reason()), message);
    return problem;
  }

  private static String without(String key) {
    JsonObject json = valid("bad");
    json.remove(key);
    return json.encode();
  }

  private static String with(String key, Object value) {
    return valid("bad").put(key, value).encode();
  }

  @Test
  void invalidJsonIsReportedWithLineAndColumn() {
    ManifestProblem p = onlyProblem("{\n  \"id\": \"bad\",\n  \"name\": \"Bad\"\n  \"version\": \"1.0.0\"\n}", "",
        "invalid JSON");
    assertTrue(p.reason().contains("line 4, column 3"), p.reason());
    assertEquals(null, p.pluginId());
  }

  @Test
  void duplicateKeysAreInvalidJson() {
    String text = valid("bad").encode().replace("\"name\":", "\"id\":\"again\",\"name\":");
    onlyProblem(text, "", "Duplicate field 'id'");
  }

  @Test
  void emptyFileIsRejected() {
    onlyProblem("  \n", "", "file is empty");
  }

  @Test
  void aManifestMustBeAnObject() {
    onlyProblem("[{\"id\": \"bad\"}]", "", "must be a JSON object, found an array");
  }

  @Test
  void missingRequiredFieldIsNamed() {
    ManifestProblem p = onlyProblem(without("name"), "", "required property \"name\"");
    assertEquals("bad", p.pluginId());
    assertTrue(p.message().contains("(bad)"), p.message());
  }

  @Test
  void wrongTypeIsReportedOnceAtItsPointer() {
    onlyProblem(with("apiVersion", "2"), "/apiVersion", "Expected integer");
  }

  @Test
  void unsupportedApiVersionIsRejected() {
    onlyProblem(with("apiVersion", 3), "/apiVersion", "[1,2]");
  }

  @Test
  void unknownRuntimeIsRejected() {
    onlyProblem(with("runtime", "wasm"), "/runtime", "[\"jvm\",\"process\"]");
  }

  @Test
  void unknownTopLevelKeyIsRejectedWithASuggestion() {
    onlyProblem(with("entryPoint", "x.Y"), "/entryPoint", "unknown property \"entryPoint\" (did you mean \"entrypoint\"?)");
  }

  @Test
  void misspeltRequiredKeyGivesBothProblems() {
    JsonObject json = valid("bad");
    json.put("capabilites", json.remove("capabilities"));
    List<ManifestProblem> problems = problemsOf(json.encode());
    assertEquals(2, problems.size(), problems::toString);
    assertProblem(problems.get(0), "", "required property \"capabilities\"");
    assertProblem(problems.get(1), "/capabilites", "did you mean \"capabilities\"?");
  }

  @Test
  void jvmPluginWithoutEntrypointIsRejected() {
    onlyProblem(without("entrypoint"), "", "\"entrypoint\" (required when runtime is \"jvm\")");
  }

  @Test
  void processPluginWithoutCommandIsRejected() {
    JsonObject json = valid("bad").put("runtime", "process");
    json.remove("entrypoint");
    onlyProblem(json.encode(), "", "\"command\" or \"entrypoint\" (required when runtime is \"process\")");
  }

  @Test
  void processPluginWithEmptyCommandIsRejected() {
    JsonObject json = valid("bad").put("runtime", "process").put("command", new JsonArray());
    onlyProblem(json.encode(), "/command", "");
  }

  @Test
  void versionMustBeSemantic() {
    onlyProblem(with("version", "1.0"), "/version", "\"1.0\" is not a semantic version");
  }

  @Test
  void importRangeMustParse() {
    onlyProblem(with("imports", new JsonObject().put("core-auth", "^1.2.x.9")), "/imports/core-auth",
        "invalid version range \"^1.2.x.9\"");
  }

  @Test
  void importedPluginIdMustLookLikeAPluginId() {
    onlyProblem(with("imports", new JsonObject().put("Core", "^1.0.0")), "/imports/Core",
        "name \"Core\" does not match pattern ^[a-z][a-z0-9_-]*$");
  }

  @Test
  void pluginIdMustLookLikeAnId() {
    onlyProblem(with("id", "Bad_Plugin"), "/id", "does not match pattern");
  }

  @Test
  void capabilityIdMustBeQualified() {
    onlyProblem(with("capabilities", new JsonArray().add("bad.run").add("send")), "/capabilities/1",
        "does not match pattern");
  }

  @Test
  void capabilityIdsMustBeUnique() {
    onlyProblem(with("capabilities", new JsonArray().add("bad.run").add("bad.run")), "/capabilities",
        "Duplicate items");
  }

  @Test
  void resourceLimitsAreBoundedAndClosed() {
    List<ManifestProblem> problems = problemsOf(with("resources",
        new JsonObject().put("maxQueue", -1).put("timeout", 5).put("workerPoolSize", 2)));
    assertEquals(2, problems.size(), problems::toString);
    assertProblem(problems.get(0), "/resources/maxQueue", "-1 is less than 0");
    assertProblem(problems.get(1), "/resources/timeout", "did you mean \"timeoutMs\"?");
  }

  @Test
  void failureRateThresholdIsAFraction() {
    JsonObject resilience = new JsonObject().put("circuitBreaker", new JsonObject().put("failureRateThreshold", 50));
    onlyProblem(with("resilience", resilience), "/resilience/circuitBreaker/failureRateThreshold", "greater than 1");
  }

  @Test
  void unknownPermissionIsRejected() {
    onlyProblem(with("permissions", new JsonArray().add("exit").add("root")), "/permissions/1", "\"reflection\"");
  }

  @Test
  void classpathSupportsOnlyATrailingJarWildcard() {
    onlyProblem(with("classpath", new JsonArray().add("lib/*.jar").add("lib/*")), "/classpath/1",
        "only wildcard supported is a trailing \"*.jar\"");
  }

  @Test
  void everyProblemOfAManifestIsReportedInPointerOrder() {
    JsonObject json = valid("bad").put("version", "one").put("runtime", "wasm").put("enabled", "yes");
    List<ManifestProblem> problems = problemsOf(json.encode());
    assertEquals(List.of("/enabled", "/runtime", "/version"), problems.stream().map(ManifestProblem::pointer).toList());
  }

  @Test
  void duplicatePluginIdFailsTheLaterManifestNamingTheFirst() {
    Path first = root.resolve("a-good").resolve(ManifestDiscovery.MANIFEST_FILE);
    JsonObject json = valid("good").put("capabilities", new JsonArray().add("good.other"));
    ManifestProblem p = onlyProblem(json.encode(), "/id", "duplicate plugin id \"good\"");
    assertTrue(p.reason().contains(first.toString()), p.reason());
  }

  @Test
  void duplicateCapabilityFailsTheLaterPluginNamingTheFirst() {
    JsonObject json = valid("bad").put("capabilities", new JsonArray().add("bad.run").add("good.run"));
    ManifestProblem p = onlyProblem(json.encode(), "/capabilities/1", "duplicate capability id \"good.run\"");
    assertTrue(p.reason().contains("plugin \"good\""), p.reason());
  }
}
