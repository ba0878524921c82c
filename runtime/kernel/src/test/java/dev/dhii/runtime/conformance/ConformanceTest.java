package dev.dhii.runtime.conformance;

import dev.dhii.runtime.fixtures.ConformanceFixturePlugin;
import dev.dhii.runtime.fixtures.DhiiMailSchemasPlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conformance runs against real plugins in a real runtime: a well-behaved plugin passes; a plugin whose output
 * breaks its schema, one that answers INTERNAL and one that hangs fail, naming the input; Dhii-Mail's schemas
 * served by a plugin pass; a plugin that does not start fails the run.
 */
class ConformanceTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.vertxOnly();

  @TempDir
  Path root;

  private ConformanceReport run(String mode, long timeoutMs, List<CaseResult> seen) {
    Path manifest = TestManifests.write(root, "cf", ConformanceFixturePlugin.class, List.of("cf.greet"),
      new JsonObject().put("config", new JsonObject().put("mode", mode)));
    return Conformance.run(dhii.vertx(), new ConformanceOptions(manifest.getParent(), 25, 1, timeoutMs, null,
      root.resolve("none")), seen::add);
  }

  @Test
  void aPluginTrueToItsSchemasPassesEveryCase() {
    List<CaseResult> seen = new ArrayList<>();
    ConformanceReport report = run("good", 5000, seen);
    assertTrue(report.ok(), report.toJson().encodePrettily());
    assertEquals(report.passed(), seen.size());
    List<String> names = seen.stream().map(r -> r.testCase().name()).toList();
    for (String name : List.of("valid: required fields only", "valid: maxLength boundary of /text",
      "valid: maximum boundary of /count", "valid: enum value \"b\" of /kind", "invalid: missing required /text",
      "invalid: over maxLength of /text", "invalid: below minLength of /text", "invalid: over maximum of /count",
      "invalid: not in enum at /kind", "invalid: additionalProperties:false violated at /",
      "invalid: wrong type at /count (string instead of integer)")) {
      assertTrue(names.contains(name), name + " in " + names);
    }
    seen.stream().filter(r -> !r.testCase().valid()).forEach(r -> assertEquals("VALIDATION", r.outcome(), r.testCase().name()));
    assertTrue(report.summary().startsWith("OK cf 1.0.0: "), report.summary());
  }

  @Test
  void anOutputBreakingItsSchemaFailsAndTheReportNamesTheInput() {
    ConformanceReport report = run("badOutput", 5000, new ArrayList<>());
    assertFalse(report.ok());
    List<CaseResult> failed = failures(report);
    assertTrue(failed.stream().anyMatch(r -> r.testCase().name().equals("valid: maximum boundary of /count")), names(failed));
    for (CaseResult r : failed) {
      assertEquals(10, ((JsonObject) r.testCase().input()).getInteger("count"), r.testCase().name());
      assertTrue(r.reason().startsWith("output-schema: "), r.reason());
      String line = ConformanceReport.line(r);
      assertTrue(line.startsWith("FAIL cf.greet  " + r.testCase().name()), line);
      assertTrue(line.contains("input:  " + Json.encode(r.testCase().input())), line);
    }
    JsonObject json = report.toJson();
    assertEquals(failed.size(), json.getLong("failed"));
    JsonArray results = json.getJsonArray("capabilities").getJsonObject(0).getJsonArray("results");
    assertTrue(results.stream().map(JsonObject.class::cast).anyMatch(r -> r.getString("verdict").equals("FAIL")
      && r.getJsonObject("input").getInteger("count") == 10), results.encode());
  }

  @Test
  void anInternalErrorFails() {
    List<CaseResult> failed = failures(run("internal", 5000, new ArrayList<>()));
    assertFalse(failed.isEmpty());
    assertTrue(failed.stream().anyMatch(r -> r.testCase().name().equals("valid: enum value \"b\" of /kind")), names(failed));
    for (CaseResult r : failed) {
      assertEquals("INTERNAL", r.outcome());
      assertEquals("b", ((JsonObject) r.testCase().input()).getString("kind"));
      assertTrue(r.reason().startsWith("INTERNAL: "), r.reason());
    }
  }

  @Test
  void aHangFailsAsAHangWithinTheDeadline() {
    long started = System.nanoTime();
    ConformanceReport report = run("hang", 500, new ArrayList<>());
    List<CaseResult> failed = failures(report);
    assertTrue(failed.stream().anyMatch(r -> r.testCase().name().equals("valid: maxLength boundary of /text")), names(failed));
    for (CaseResult r : failed) {
      assertEquals("hang", r.outcome());
      assertEquals(20, ((JsonObject) r.testCase().input()).getString("text").length());
      assertTrue(r.reason().startsWith("hang: "), r.reason());
    }
    // each hang costs its deadline, not the plugin's 30 s
    assertTrue(System.nanoTime() - started < (failed.size() * 500L + 20_000) * 1_000_000, "took too long");
  }

  @Test
  void dhiiMailsSchemasServedByAPluginPass() {
    List<String> ids = new ArrayList<>();
    DhiiMailSchemasPlugin.declared().getJsonArray("capabilities")
      .forEach(c -> ids.add(DhiiMailSchemasPlugin.PREFIX + ((JsonObject) c).getString("id")));
    ids.add(DhiiMailSchemasPlugin.PREFIX + "shapes");
    Path manifest = TestManifests.write(root, "dmail", DhiiMailSchemasPlugin.class, ids, null);
    ConformanceReport report = Conformance.run(dhii.vertx(), new ConformanceOptions(manifest.getParent(), 10, 3, 5000, null,
      root.resolve("none")), r -> { });
    assertTrue(report.ok(), report.summary() + " " + names(failures(report)));
    assertEquals(ids.size(), report.capabilities().size());
    assertTrue(report.capabilities().stream().allMatch(c -> c.results().stream().anyMatch(r -> !r.testCase().valid())));
  }

  @Test
  void aPluginThatDoesNotStartFailsTheRun() {
    Path manifest = TestManifests.write(root, "broken", ConformanceFixturePlugin.class, List.of("broken.missing"), null);
    ConformanceReport report = Conformance.run(dhii.vertx(), new ConformanceOptions(manifest.getParent(), 5, 1, 2000, null,
      root.resolve("none")), r -> { });
    assertFalse(report.ok());
    assertNotNull(report.startFailure());
    assertTrue(report.summary().startsWith("FAILED broken: the plugin did not start"), report.summary());
  }

  private static List<CaseResult> failures(ConformanceReport report) {
    return report.capabilities().stream().flatMap(c -> c.results().stream()).filter(r -> !r.passed()).toList();
  }

  private static String names(List<CaseResult> results) {
    return results.stream().map(r -> r.testCase().name() + " " + r.outcome() + " " + r.reason()).toList().toString();
  }
}
