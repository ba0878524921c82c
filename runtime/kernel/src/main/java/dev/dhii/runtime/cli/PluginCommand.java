package dev.dhii.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code dhii plugin <create|validate|test|bundle|keygen|install> ...}: the plugin author's commands (DESIGN.md section 14). A new
 * subcommand is a picocli {@code @Command} class in its own file, added to {@code subcommands} below.
 */
@Command(name = "plugin", description = "Write, check, bundle and install plugins.", synopsisSubcommandLabel = "COMMAND",
  subcommands = {
    CreateCommand.class,
    ValidateCommand.class,
    PluginTestCommand.class,
    BundleCommand.class,
    KeygenCommand.class,
    InstallCommand.class,
  })
final class PluginCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new UsageException("plugin needs a subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }
}
