package dev.dhii.runtime.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code dhii} command line (picocli): {@code serve}, {@code token}, {@code plugin create|validate|bundle|install},
 * {@code invoke}, {@code mcp}, {@code capabilities list|describe}, {@code bench}, {@code completion}, {@code link},
 * {@code version}, {@code help}; {@code --help} on every command.
 *
 * <p>Exit codes, for every command:
 * <ul>
 *   <li>0: success;</li>
 *   <li>1: the work failed (a call failed, a check failed, a bundle was refused, the runtime could not start);</li>
 *   <li>2: usage error: one line {@code dhii: <what went wrong>} and one hint line ({@code Did you mean: ...?} or
 *   {@code See 'dhii <command> --help'.}).</li>
 * </ul>
 */
public final class Main {

  static final String VERSION = "0.1.0";

  private Main() {
  }

  /** @param args the command and its options */
  public static void main(String[] args) {
    processDefaults();
    System.exit(run(args));
  }

  /** Netty's switch for its buffer allocators' flight-recorder events. */
  static final String NETTY_JFR = "io.netty.jfr.enabled";

  /**
   * The process-wide defaults of a {@code dhii} process, set before any library reads them; a value given with
   * {@code -D} (DHII_JAVA_OPTS) wins. {@value #NETTY_JFR}=false: Netty's allocator defines JFR events, and the
   * first buffer of the first connection would otherwise register them with the flight recorder, some 100 ms of
   * JFR's own start on the first request (measured with the class-load log; docs/benchmarks.md, "Start to
   * ready"). A recording started with {@code -Dio.netty.jfr.enabled=true} has the events.
   */
  static void processDefaults() {
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
  }

  /** Runs {@code dhii} with {@code args}, printing to the current {@code System.out} and {@code System.err}. */
  static int run(String... args) {
    // serve, the command whose start is measured, without the rest of the tree: picocli builds the model of every
    // command up front, some 60 ms of each start, and its plain options without picocli at all, whose classes the
    // class-data archive cannot hold; help, errors and exit codes are the tree's (tests hold them equal)
    if (args.length > 0 && args[0].equals("serve")) {
      String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
      ServeCommand plain = ServeCommand.plain(rest);
      Integer code = plain == null ? null : plain.callPlain();
      return code != null ? code : execute("dhii serve", new ServeCommand(), rest);
    }
    return runTree(args);
  }

  /** Runs {@code args} through the whole command tree, {@code serve} included. */
  static int runTree(String... args) {
    return execute(new CommandLine(new DhiiCommand()), args);
  }

  /**
   * Runs one command outside the {@code dhii} tree with the same help, error messages and exit codes (the bench
   * harness runs {@link BenchCommand} this way).
   *
   * @param name the name usage lines show, e.g. {@code dhii bench}
   * @param command a picocli {@code @Command} object
   * @param args its arguments
   * @return the exit code
   */
  public static int execute(String name, Object command, String... args) {
    return execute(new CommandLine(command).setCommandName(name), args);
  }

  private static int execute(CommandLine cli, String... args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    try {
      return CliConventions.apply(cli).setOut(out).setErr(err).execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
