package dev.dhii.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** The root of the {@code dhii} command tree: its subcommands, and the usage without one (exit 2). */
@Command(name = "dhii", mixinStandardHelpOptions = true, version = "dhii " + Main.VERSION,
  description = "The Dhii plugin runtime: serve plugins, write and ship them, call their capabilities.",
  synopsisSubcommandLabel = "COMMAND",
  subcommands = {ServeCommand.class, TokenCommand.class, PluginCommand.class, InvokeCommand.class, McpCommand.class,
    CapabilitiesCommand.class, BenchCommand.class, CompletionCommand.class, LinkCommand.class,
    DhiiCommand.VersionCommand.class, CommandLine.HelpCommand.class},
  footerHeading = "%nEnvironment:%n",
  footer = {"  DHII_HOME, DHII_HTTP_HOST, DHII_HTTP_PORT, DHII_PLUGIN_DIRS, DHII_DATA_DIR,",
    "  DHII_JWT_SECRET, DHII_JWT_PUBLIC_KEY, DHII_JWT_ALGORITHM, DHII_CLUSTER_MEMBERS,",
    "  DHII_CLUSTER_HOST, DHII_CLUSTER_PORT, DHII_EVENTBUS_PORT, DHII_TCP_BRIDGE_HOST,",
    "  DHII_TCP_BRIDGE_PORT override conf/runtime.json.",
    "%nRun 'dhii COMMAND --help' for a command's options."})
final class DhiiCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CliConventions.USAGE; // a command is needed
  }

  /** {@code dhii version}: prints {@code dhii <version>}. */
  @Command(name = "version", description = "Print the version.")
  static final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println("dhii " + Main.VERSION);
      return CliConventions.OK;
    }
  }
}
