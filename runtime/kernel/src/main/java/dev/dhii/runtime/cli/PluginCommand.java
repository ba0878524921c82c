package dev.dhii.runtime.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code dhii plugin <create|validate|bundle|install> ...}: the plugin author's commands (DESIGN.md section 14). */
final class PluginCommand {

  private PluginCommand() {
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      throw new UsageException("plugin needs a subcommand: create, validate, bundle or install");
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "create" -> CreateCommand.run(Flags.parse(rest, CreateCommand.FLAGS), out, err);
      case "validate" -> ValidateCommand.run(Flags.parse(rest, ValidateCommand.FLAGS), out, err);
      case "bundle" -> BundleCommand.run(Flags.parse(rest, BundleCommand.FLAGS), out, err);
      case "install" -> InstallCommand.run(Flags.parse(rest, InstallCommand.FLAGS), out, err);
      case "test" -> new picocli.CommandLine(new PluginTestCommand()).setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true)).execute(rest);
      default -> throw new UsageException("Unknown plugin subcommand: " + args[0]);
    };
  }

  /** @return the single positional argument of {@code command}, or a usage error */
  static String onePath(Flags flags, String command) {
    if (flags.positional().size() != 1) {
      throw new UsageException(command + " needs exactly one path, got " + flags.positional());
    }
    return flags.positional().get(0);
  }
}
