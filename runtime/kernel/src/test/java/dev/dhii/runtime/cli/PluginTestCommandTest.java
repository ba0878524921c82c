package dev.dhii.runtime.cli;

import dev.dhii.runtime.fixtures.ConformanceFixturePlugin;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin test}: output, report file and exit codes. */
class PluginTestCommandTest {

  @TempDir
  Path root;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CliConventions.apply(new CommandLine(new PluginTestCommand())).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
      .execute(args);
  }

  private Path plugin(String mode) {
    return TestManifests.write(root, "cf", ConformanceFixturePlugin.class, List.of("cf.greet"),
      new JsonObject().put("config", new JsonObject().put("mode", mode))).getParent();
  }

  @Test
  void aPassingPluginExitsZeroWithOneLinePerCaseAndTheReportFile() throws Exception {
    Path report = root.resolve("report.json");
    assertEquals(0, run(plugin("good").toString(), "--cases", "6", "--seed", "9", "--report", report.toString()), err.toString());
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(0).startsWith("PASS cf.greet  valid: required fields only  -> result"), lines.get(0));
    String summary = lines.get(lines.size() - 1);
    assertTrue(summary.startsWith("OK cf 1.0.0: 12 passed, 0 failed (1 capability, at most 6 valid and 6 invalid inputs each, seed 9"),
      summary);
    JsonObject json = new JsonObject(Files.readString(report));
    assertTrue(json.getBoolean("ok"));
    assertEquals(12, json.getJsonArray("capabilities").getJsonObject(0).getJsonArray("results").size());
    assertEquals(9, json.getLong("seed"));
  }

  @Test
  void aFailingPluginExitsOneAndPrintsTheInput() {
    assertEquals(1, run(plugin("badOutput").toString()));
    String text = out.toString();
    assertTrue(text.contains("FAIL cf.greet  valid: maximum boundary of /count  -> INTERNAL"), text);
    assertTrue(text.contains("     input:  {\"text\":"), text);
    assertTrue(text.contains("\"count\":10"), text);
    assertTrue(text.contains("     reason: output-schema: "), text);
    assertTrue(text.lines().reduce((a, b) -> b).orElseThrow().startsWith("FAILED cf 1.0.0: "), text);
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run());
    assertEquals(2, run(root.resolve("nowhere").toString()));
    assertTrue(err.toString().contains("is not a plugin directory"), err.toString());
    assertEquals(2, run(plugin("good").toString(), "--cases", "0"));
    assertEquals(2, run(plugin("good").toString(), "--cases", "many"));
    assertEquals(2, run(plugin("good").toString(), "--bogus"));
    assertEquals(2, run(plugin("good").toString(), "--conf", root.resolve("none.json").toString()));
  }

  @Test
  void helpListsTheOptionsAndExitCodes() {
    assertEquals(0, run("--help"));
    for (String option : List.of("--cases", "--seed", "--timeout-ms", "--report", "--conf", "Exit codes:")) {
      assertTrue(out.toString().contains(option), out.toString());
    }
  }

  @Test
  void dhiiPluginTestRunsIt() {
    Cli.Run run = Cli.run("plugin", "test", plugin("good").toString(), "--cases", "2");
    assertEquals(0, run.code(), run.all());
    assertTrue(run.out().contains("OK cf 1.0.0: 4 passed"), run.all());
    assertFalse(run.out().contains("FAIL"), run.all());
    Cli.Run usage = Cli.run("plugin", "test");
    assertEquals(2, usage.code(), usage.all());
  }
}
