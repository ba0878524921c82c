package dev.dhii.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every {@code dhii} command shares, applied to the whole command tree (so a command registered later gets it
 * too): {@code -h}/{@code --help}, defaults and exit codes in the help, usage errors as one line and one hint
 * (with "did you mean"), exit 2 for usage errors and 1 for failures, no stack traces.
 */
final class CliConventions {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final Map<String, String> EXIT_CODES = exitCodes();

  private CliConventions() {
  }

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "success");
    codes.put("1", "the work failed (a call, a check or the runtime)");
    codes.put("2", "usage error");
    return Collections.unmodifiableMap(codes);
  }

  static CommandLine apply(CommandLine cli) {
    conventions(cli, Collections.newSetFromMap(new IdentityHashMap<>()));
    return cli.setOverwrittenOptionsAllowed(true) // as before: a single-valued option given twice keeps its last value
      .setParameterExceptionHandler(CliConventions::usageError)
      .setExecutionExceptionHandler((e, failed, parsed) -> {
        if (e instanceof UsageException) {
          return usage(failed, e.getMessage(), null);
        }
        failed.getErr().println(failure(failed.getCommandSpec().qualifiedName(), e));
        return FAILED;
      });
  }

  /** @return the line a command that failed prints ({@code dhii serve: <what went wrong>}), with exit code 1 */
  static String failure(String command, Exception e) {
    return command + ": " + (e.getMessage() == null ? "failed" : e.getMessage());
  }

  private static void conventions(CommandLine cli, Set<CommandLine> seen) {
    if (!seen.add(cli)) {
      return; // an alias
    }
    CommandSpec spec = cli.getCommandSpec();
    if (spec.findOption("--help") == null) {
      spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).arity("0")
        .description("Show this help and exit.").build());
    }
    CommandLine.Model.UsageMessageSpec usage = spec.usageMessage();
    usage.showDefaultValues(true);
    if (usage.exitCodeList().isEmpty()) {
      usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
    }
    if (cli.getCommand() instanceof CreateCommand) {
      // `plugin create -x` is a name the manifest rejects, and says so, rather than an unknown option
      cli.setUnmatchedOptionsArePositionalParams(true);
    }
    cli.getSubcommands().values().forEach(sub -> conventions(sub, seen));
  }

  /** Picocli's parse errors: one line, one hint, exit 2. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String message = e.getMessage();
    List<String> suggestions = List.of();
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      String where = cli.getCommandSpec().qualifiedName();
      CommandSpec spec = cli.getCommandSpec();
      if (arg.startsWith("-")) {
        message = "unknown option '" + arg + "' for '" + where + "'";
        List<String> names = new ArrayList<>();
        spec.options().stream().filter(o -> !o.hidden()).forEach(o -> names.addAll(List.of(o.names())));
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        suggestions = Suggestions.closest(name, names).stream().map(s -> where + " " + s).toList();
      } else if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
        message = "unknown command '" + arg + "' for '" + where + "'";
        suggestions = Suggestions.closest(arg, spec.subcommands().keySet()).stream().map(s -> where + " " + s).toList();
      } else {
        message = "unexpected argument '" + arg + "' for '" + where + "'";
      }
    }
    return usage(cli, message, suggestions);
  }

  /** Prints {@code dhii: <message>} and a hint. @return 2 */
  static int usage(CommandLine cli, String message, List<String> suggestions) {
    PrintWriter err = cli.getErr();
    String text = message == null || message.isEmpty() ? "usage error" : message;
    err.println("dhii: " + Character.toLowerCase(text.charAt(0)) + text.substring(1));
    err.println(suggestions == null || suggestions.isEmpty()
      ? "See '" + cli.getCommandSpec().qualifiedName() + " --help'."
      : "Did you mean: " + String.join(" or ", suggestions) + "?");
    err.flush();
    return USAGE;
  }
}
