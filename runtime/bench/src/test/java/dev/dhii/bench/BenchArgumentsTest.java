package dev.dhii.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./dhii bench}'s arguments: a usage for --help, one-line errors for bad ones, before anything starts. */
class BenchArgumentsTest {

  record Run(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Run bench(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      int code = Bench.run(args);
      return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpPrintsTheUsageWithEveryOption() {
    for (String help : new String[] {"--help", "-h"}) {
      Run run = bench(help);
      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().startsWith("Usage: dhii bench"), run.out());
      for (String option : new String[] {"--mode", "--cluster", "--conf", "--seconds", "--rounds", "--concurrency", "--only"}) {
        assertTrue(run.out().contains(option), option + " in " + run.out());
      }
      assertTrue(run.out().contains("Exit codes:"), run.out());
      assertEquals("", run.err());
    }
  }

  @Test
  void anUnknownOptionIsOneLineAndAHint() {
    Run run = bench("--secnds", "3");
    assertEquals(2, run.code(), run.all());
    assertEquals(java.util.List.of("dhii: unknown option '--secnds' for 'dhii bench'", "Did you mean: dhii bench --seconds?"),
      run.err().lines().toList());
    assertEquals("", run.out());
  }

  @Test
  void anUnknownModeOrABadNumberIsAUsageError() {
    Run run = bench("--mode", "turbo");
    assertEquals(2, run.code(), run.err());
    assertEquals(2, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("dhii: --mode is pipeline"), run.err());
    assertTrue(run.err().contains("plugins"), run.err());
    assertTrue(run.err().contains("nodes"), run.err());
    assertTrue(run.err().contains("See 'dhii bench --help'."), run.err());
    run = bench("--rounds", "many");
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().startsWith("dhii: invalid value for option '--rounds'"), run.err());
  }

  /** Runs {@code check} with the system property dhii.home set to {@code home}, then puts it back. */
  static void withHome(Path home, Runnable check) {
    String previous = System.getProperty("dhii.home");
    System.setProperty("dhii.home", home.toString());
    try {
      check.run();
    } finally {
      if (previous == null) {
        System.clearProperty("dhii.home");
      } else {
        System.setProperty("dhii.home", previous);
      }
    }
  }

  /** A short run of the three-node mode against the built plugins: both clusters serve, no call fails. */
  @Test
  void modeNodesMeasuresThreeServingNodesAgainstOne() {
    withHome(Path.of("../..").toAbsolutePath().normalize(), () -> {
      Run run = bench("--mode", "nodes", "--seconds", "1", "--rounds", "1", "--concurrency", "8");
      assertEquals(0, run.code(), run.all());
      List<String> medians = run.out().lines().dropWhile(line -> !line.equals("medians:")).skip(1).limit(2).toList();
      assertEquals(2, medians.size(), run.out());
      assertTrue(medians.get(0).contains("1 node serving") && medians.get(1).contains("3 nodes serving"), run.out());
      for (String median : medians) {
        assertTrue(median.endsWith("errors 0") && !median.contains(" 0 ops/s"), median);
      }
      assertTrue(run.out().contains("ratio 3 nodes / 1 node: "), run.out());
      assertTrue(bench("--help").out().contains("nodes"));
    });
  }

  @Test
  void modePluginsIsAcceptedAndRunsThePluginCountBench(@TempDir Path home) {
    // a home without the built echo plugin: the mode's own first check answers, before any runtime starts
    withHome(home, () -> {
      Run run = bench("--mode", "plugins", "--seconds", "1", "--rounds", "1");
      assertEquals(1, run.code(), run.all());
      assertTrue(run.err().contains("manifests/echo/echo-plugin.jar is missing"), run.err());
      assertTrue(bench("--help").out().contains("plugins"));
    });
  }
}
