package dev.dhii.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conventions of every {@code dhii} command: help, one-line usage errors with a hint, exit codes. */
class CliUsageTest {

  @TempDir
  Path dir;

  /** @return the argument path of every command in the tree, e.g. [plugin, create], aliases once */
  static List<List<String>> commands(CommandLine cli, List<String> path, Map<CommandLine, Boolean> seen) {
    List<List<String>> all = new ArrayList<>();
    if (seen.put(cli, true) != null) {
      return all;
    }
    all.add(path);
    cli.getSubcommands().forEach((name, sub) -> {
      List<String> next = new ArrayList<>(path);
      next.add(name);
      all.addAll(commands(sub, next, seen));
    });
    return all;
  }

  static void assertUsageError(Cli.Run run, String line, String hint) {
    assertEquals(2, run.code(), run.all());
    assertEquals(List.of(line, hint), run.err().lines().toList(), run.all());
    assertEquals("", run.out());
  }

  @Test
  void everyCommandAndSubcommandAnswersHelpWithItsOptionsAndTheExitCodes() {
    CommandLine tree = CliConventions.apply(new CommandLine(new DhiiCommand()));
    List<List<String>> commands = commands(tree, List.of(), new IdentityHashMap<>());
    assertTrue(commands.size() >= 17, "the whole tree: " + commands);
    for (List<String> path : commands) {
      CommandSpec found = tree.getCommandSpec();
      for (String name : path) {
        found = found.subcommands().get(name).getCommandSpec();
      }
      CommandSpec spec = found;
      for (String help : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(path);
        args.add(help);
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.code(), args + ": " + run.all());
        assertEquals("", run.err(), args.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("Usage: " + spec.qualifiedName())), args + ": " + run.out());
        assertTrue(run.out().contains("Exit codes:") && run.out().contains("usage error"), args + ": " + run.out());
        for (OptionSpec option : spec.options()) {
          assertTrue(run.out().contains(option.longestName()), args + " names " + option.longestName() + ": " + run.out());
        }
        spec.positionalParameters().forEach(p -> assertTrue(run.out().contains(p.paramLabel()), args + ": " + run.out()));
        assertTrue(run.out().lines().count() < 40, "concise: " + run.out());
      }
    }
  }

  @Test
  void helpShowsTheDefaults() {
    assertTrue(Cli.run("invoke", "--help").out().contains("Default: http://127.0.0.1:8080"));
    assertTrue(Cli.run("plugin", "create", "--help").out().contains("Default: java"));
    assertTrue(Cli.run("token", "--help").out().contains("Default: 1h"));
  }

  @Test
  void aCommandRegisteredLaterGetsHelpAndTheExitCodesToo() {
    @CommandLine.Command(name = "later", description = "Registered after the tree is built.")
    class Later implements Callable<Integer> {
      @CommandLine.Option(names = "--level", description = "A level.")
      int level;

      @Override
      public Integer call() {
        return 0;
      }
    }
    CommandLine tree = new CommandLine(new DhiiCommand());
    tree.getSubcommands().get("plugin").addSubcommand(new Later());
    java.io.StringWriter out = new java.io.StringWriter();
    int code = CliConventions.apply(tree).setOut(new java.io.PrintWriter(out)).execute("plugin", "later", "--help");
    assertEquals(0, code);
    assertTrue(out.toString().contains("Usage: dhii plugin later") && out.toString().contains("--level")
      && out.toString().contains("Exit codes:"), out.toString());
  }

  @Test
  void aMisspeltSubcommandIsOneLineAndDidYouMean() {
    assertUsageError(Cli.run("plugin", "creat"), "dhii: unknown command 'creat' for 'dhii plugin'",
      "Did you mean: dhii plugin create?");
    assertUsageError(Cli.run("serv", "--port", "0"), "dhii: unknown command 'serv' for 'dhii'", "Did you mean: dhii serve?");
    assertUsageError(Cli.run("capabilities", "lst"), "dhii: unknown command 'lst' for 'dhii capabilities'",
      "Did you mean: dhii capabilities list?");
  }

  @Test
  void somethingCloseToNothingGetsTheHelpHint() {
    assertUsageError(Cli.run("plugin", "frobnicate", "x"), "dhii: unknown command 'frobnicate' for 'dhii plugin'",
      "See 'dhii plugin --help'.");
    assertUsageError(Cli.run("serve", "--zzz"), "dhii: unknown option '--zzz' for 'dhii serve'", "See 'dhii serve --help'.");
  }

  @Test
  void serveOutsideTheTreeAnswersAsInIt() {
    // Main.run takes serve without building the other commands; help, errors and codes must not tell
    for (List<String> args : List.of(List.of("serve", "--help"), List.of("serve", "-h"), List.of("serve", "--zzz"),
        List.of("serve", "--prot", "1"), List.of("serve", "--port", "abc"), List.of("serve", "extra"),
        List.of("serve", "--port"))) {
      Cli.Run direct = Cli.run(args.toArray(String[]::new));
      Cli.Run tree = Cli.runTree(args.toArray(String[]::new));
      assertEquals(tree, direct, args.toString());
      assertTrue(direct.code() != 0 || args.contains("--help") || args.contains("-h"), args + ": " + direct);
    }
    assertTrue(Cli.run("serve", "--help").out().startsWith("Usage: dhii serve "), Cli.run("serve", "--help").out());
  }

  @Test
  void anUnknownFlagIsOneLineAndDidYouMean() {
    assertUsageError(Cli.run("plugin", "install", "x.zip", "--forse"), "dhii: unknown option '--forse' for 'dhii plugin install'",
      "Did you mean: dhii plugin install --force?");
    assertUsageError(Cli.run("invoke", "echo.echo", "--data={}", "--tokn=abc"),
      "dhii: unknown option '--tokn=abc' for 'dhii invoke'", "Did you mean: dhii invoke --token?");
    // the old parser's message for --help is gone with it
    assertEquals(0, Cli.run("plugin", "bundle", "--help").code());
  }

  @Test
  void aMissingRequiredArgumentOrAValueIsOneLineAndTheHelpHint() {
    assertUsageError(Cli.run("plugin", "validate"), "dhii: missing required parameter: 'PATH'",
      "See 'dhii plugin validate --help'.");
    assertUsageError(Cli.run("invoke", "echo.echo"), "dhii: missing required option: '--data=JSON|@FILE'",
      "See 'dhii invoke --help'.");
    assertUsageError(Cli.run("plugin", "bundle", "x", "--out"), "dhii: missing required parameter for option '--out' (FILE)",
      "See 'dhii plugin bundle --help'.");
    assertUsageError(Cli.run("plugin", "validate", "a", "b"), "dhii: unexpected argument 'b' for 'dhii plugin validate'",
      "See 'dhii plugin validate --help'.");
  }

  @Test
  void aCommandsOwnUsageErrorHasTheSameShape() {
    assertUsageError(Cli.run("plugin", "create", "Bad", "--dir", dir.toString()),
      "dhii: invalid plugin name \"Bad\": it must start with a lowercase letter and hold only a-z, 0-9 and '-'",
      "See 'dhii plugin create --help'.");
    assertUsageError(Cli.run("plugin", "create", "x", "--lnag", "node", "--dir", dir.toString()),
      "dhii: unknown option '--lnag' for 'dhii plugin create'", "Did you mean: dhii plugin create --lang?");
    assertUsageError(Cli.run("plugin"), "dhii: plugin needs a subcommand: create, validate, test, bundle, keygen, install",
      "See 'dhii plugin --help'.");
    assertUsageError(Cli.run("completion", "fish"), "dhii: completion knows bash, not fish", "See 'dhii completion --help'.");
  }

  @Test
  void exitCodesZeroOneTwo() {
    Cli.Run version = Cli.run("version");
    assertEquals(0, version.code());
    assertEquals("dhii " + Main.VERSION, version.out().trim());
    assertEquals("dhii " + Main.VERSION, Cli.run("--version").out().trim());
    Cli.Run help = Cli.run("help");
    assertEquals(0, help.code(), help.all());
    for (String command : List.of("serve", "token", "plugin", "invoke", "mcp", "capabilities", "bench", "completion", "link",
      "version", "help")) {
      assertTrue(help.out().lines().anyMatch(l -> l.matches("\\s+" + command + "\\s+\\S.*")), command + " in " + help.out());
    }
    assertEquals(0, Cli.run("help", "plugin").code());
    assertTrue(Cli.run("help", "bench").out().contains("--concurrency"));
    Cli.Run none = Cli.run();
    assertEquals(2, none.code(), "a command is needed");
    assertTrue(none.out().startsWith("Usage: dhii"), none.out());
    Cli.Run failed = Cli.run("plugin", "validate", dir.resolve("nothing-here").toString());
    assertEquals(1, failed.code(), failed.all());
    Cli.Run bench = Cli.run("bench");
    assertEquals(1, bench.code(), "the harness is not on the runtime's classpath: " + bench.all());
    assertTrue(bench.err().contains("./dhii bench"), bench.err());
  }

  @Test
  void benchTakesItsOptionsAndReportsItsUsageErrors() {
    Cli.Run run = Cli.run("bench", "--mod", "cluster");
    assertUsageError(run, "dhii: unknown option '--mod' for 'dhii bench'", "Did you mean: dhii bench --mode?");
    int[] seen = new int[1];
    int code = Main.execute("dhii bench", new BenchCommand(o -> {
      seen[0] = o.concurrency() + o.rounds();
      assertEquals("cluster", o.mode());
      assertEquals(20, o.seconds(20));
      return 0;
    }), "--cluster", "--concurrency", "8", "--rounds", "1");
    assertEquals(0, code);
    assertEquals(9, seen[0]);
  }

  @Test
  void theSuggestionsAreTheCloseNamesOnly() {
    List<String> known = List.of("create", "validate", "bundle", "install", "test", "keygen");
    assertEquals(List.of("create"), Suggestions.closest("creat", known));
    assertEquals(List.of("validate"), Suggestions.closest("valdiate", known));
    assertEquals(List.of("install"), Suggestions.closest("inst", known));
    assertEquals(List.of(), Suggestions.closest("frobnicate", known));
    assertEquals(List.of("--force"), Suggestions.closest("--forse", List.of("--force", "--plugins", "--conf")));
  }
}
