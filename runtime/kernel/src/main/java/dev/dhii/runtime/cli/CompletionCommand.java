package dev.dhii.runtime.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dhii completion [bash]}: prints a bash completion script for the whole command tree. */
@Command(name = "completion", description = "Print a bash completion script: source <(dhii completion)")
final class CompletionCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;
  @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash", description = "The shell: bash"
    + " (zsh reads it too after 'autoload -U bashcompinit && bashcompinit').")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash")) {
      throw new UsageException("completion knows bash, not " + shell);
    }
    spec.commandLine().getOut().print(AutoComplete.bash("dhii", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return CliConventions.OK;
  }
}
