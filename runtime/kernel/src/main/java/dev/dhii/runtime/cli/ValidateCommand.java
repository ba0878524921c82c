package dev.dhii.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dhii plugin validate <path>}: prints {@code OK <id> <version>}, or every problem found and exits 1. */
@Command(name = "validate", description = "Check a plugin: manifest, classpath, forbidden calls, entrypoint and"
  + " capabilities; prints OK <id> <version>.")
final class ValidateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;
  @Parameters(index = "0", paramLabel = "PATH", description = "The plugin directory or its manifest.json.")
  Path path;

  @Override
  public Integer call() {
    PluginValidator.Report report = PluginValidator.validate(path, true);
    return print(report, spec.commandLine().getOut(), spec.commandLine().getErr()) ? 0 : 1;
  }

  /** Prints the warnings, then the errors or the OK line. @return whether the plugin is valid */
  static boolean print(PluginValidator.Report report, PrintWriter out, PrintWriter err) {
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
