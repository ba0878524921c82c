package dev.dhii.runtime.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code dhii plugin validate <path>}: prints {@code OK <id> <version>}, or every problem found and exits 1. */
final class ValidateCommand {

  static final Set<String> FLAGS = Set.of();

  private ValidateCommand() {
  }

  static int run(Flags flags, PrintStream out, PrintStream err) {
    PluginValidator.Report report = PluginValidator.validate(Path.of(PluginCommand.onePath(flags, "plugin validate")), true);
    return print(report, out, err) ? 0 : 1;
  }

  /** Prints the warnings, then the errors or the OK line. @return whether the plugin is valid */
  static boolean print(PluginValidator.Report report, PrintStream out, PrintStream err) {
    report.warnings().forEach(w -> err.println("warning: " + w));
    report.errors().forEach(e -> err.println("error: " + e));
    if (!report.ok()) {
      err.println("INVALID: " + report.errors().size() + " problem(s)");
      return false;
    }
    out.println("OK " + report.manifest().id() + " " + report.manifest().version());
    return true;
  }
}
