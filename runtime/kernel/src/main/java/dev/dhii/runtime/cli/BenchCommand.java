package dev.dhii.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code dhii bench}: the options of the benchmark harness (runtime/bench), declared here so that {@code dhii help},
 * {@code dhii bench --help} and the shell completion know them. The launcher runs {@code bench} from the bench jar,
 * whose main runs this command with its {@link Runner}; without one (the runtime's own classpath) it says so.
 */
@Command(name = "bench", description = "Measure throughput and latency beside raw Vert.x baselines (runtime/bench).")
public final class BenchCommand implements Callable<Integer> {

  /** What runs the measurements. */
  @FunctionalInterface
  public interface Runner {
    /** @param options the parsed options @return the exit code @throws Exception if the run failed */
    int run(BenchCommand options) throws Exception;
  }

  @Spec
  CommandSpec spec;
  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "pipeline",
    description = "pipeline, policies, redeploy, cluster, nodes (3 clustered runtimes against 1) or plugins (1 against 100 copies of the echo plugin).")
  String mode;
  @Option(names = "--cluster", description = "Same as --mode cluster: local and cross-node calls on two clustered runtimes.")
  boolean cluster;
  @Option(names = "--conf", paramLabel = "FILE", description = "The runtime's configuration (pipeline mode).")
  String conf;
  @Option(names = "--seconds", paramLabel = "S", description = "Seconds per measurement (default: 8; redeploy: 20).")
  Double seconds;
  @Option(names = "--rounds", paramLabel = "R", defaultValue = "3", description = "Rounds of measurements; medians are reported.")
  int rounds;
  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "64", description = "Calls in flight.")
  int concurrency;
  @Option(names = "--only", paramLabel = "NAME-PART", description = "Only the cases whose name contains NAME-PART.")
  String only;

  private final Runner runner;

  /** Without a runner: {@code dhii bench} needs the bench jar, which the launcher puts on the classpath. */
  BenchCommand() {
    this(null);
  }

  /** @param runner runs the measurements */
  public BenchCommand(Runner runner) {
    this.runner = runner;
  }

  @Override
  public Integer call() throws Exception {
    if (runner == null) {
      spec.commandLine().getErr().println("dhii bench: the benchmark harness is not on this classpath; run it as ./dhii bench");
      return CliConventions.FAILED;
    }
    return runner.run(this);
  }

  /** @return the mode: pipeline, policies, redeploy, cluster, nodes or plugins (as given; the harness checks it) */
  public String mode() {
    return cluster ? "cluster" : mode;
  }

  /** @return the configuration file, or null */
  public String conf() {
    return conf;
  }

  /** @param defaultValue the mode's default @return the seconds per measurement */
  public double seconds(double defaultValue) {
    return seconds == null ? defaultValue : seconds;
  }

  /** @return the rounds */
  public int rounds() {
    return rounds;
  }

  /** @return the calls in flight */
  public int concurrency() {
    return concurrency;
  }

  /** @return the case name filter, or null */
  public String only() {
    return only;
  }

  /**
   * A usage error for the harness to raise (an unknown mode, say): printed as every {@code dhii} usage error, exit 2.
   *
   * @param message what is wrong
   * @return the exception to throw
   */
  public RuntimeException usageError(String message) {
    return new UsageException(message);
  }
}
