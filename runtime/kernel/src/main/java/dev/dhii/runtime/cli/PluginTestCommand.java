package dev.dhii.runtime.cli;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.conformance.Conformance;
import dev.dhii.runtime.conformance.ConformanceOptions;
import dev.dhii.runtime.conformance.ConformanceReport;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code dhii plugin test DIR}: conformance tests generated from the plugin's schemas, run against the plugin
 * in a runtime started in this process (see {@link Conformance}). Prints one line per case and a summary;
 * exit 0 when every case passed, 1 when one failed or the plugin did not start, 2 on a usage error.
 */
@Command(name = "test",
  description = {"Test a plugin against its own schemas: valid inputs generated from each capability's input schema",
    "must give schema-valid outputs or typed errors, inputs breaking one constraint each must give VALIDATION;",
    "never INTERNAL, never a hang. The plugin runs in a runtime started here, on 127.0.0.1 only."},
  exitCodeListHeading = "%nExit codes:%n",
  exitCodeList = {"0:every case passed", "1:a case failed, or the plugin did not start", "2:usage error"})
public final class PluginTestCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "the plugin directory (with its manifest.json)")
  Path dir;

  @Option(names = "--cases", paramLabel = "N", description = "at most N valid and N invalid inputs per capability (default: ${DEFAULT-VALUE})")
  int cases = ConformanceOptions.DEFAULT_CASES;

  @Option(names = "--seed", paramLabel = "N", description = "seed of the generated inputs; the same seed gives the same inputs (default: ${DEFAULT-VALUE})")
  long seed = ConformanceOptions.DEFAULT_SEED;

  @Option(names = "--timeout-ms", paramLabel = "N", description = "deadline of each call; no answer by then is a hang (default: ${DEFAULT-VALUE})")
  long timeoutMs = ConformanceOptions.DEFAULT_TIMEOUT_MS;

  @Option(names = "--report", paramLabel = "FILE", description = "also write the report as JSON to FILE")
  Path report;

  @Option(names = "--conf", paramLabel = "FILE", description = "configuration read over the defaults (the plugin's runtime settings)")
  Path conf;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
      throw new UsageException(dir + " is not a plugin directory (no manifest.json)");
    }
    if (conf != null && !Files.isRegularFile(conf)) {
      throw new UsageException("--conf " + conf + ": no such file");
    }
    ConformanceOptions options;
    try {
      options = new ConformanceOptions(dir.toAbsolutePath().normalize(), cases, seed, timeoutMs, conf,
        new RuntimeOptions().home().resolve("manifests"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Vertx vertx = Vertx.vertx();
    ConformanceReport result;
    try {
      result = Conformance.run(vertx, options, r -> {
        out.println(ConformanceReport.line(r));
        out.flush();
      });
    } catch (IllegalArgumentException e) {
      err.println("dhii plugin test: " + e.getMessage());
      return 1;
    } finally {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("dhii plugin test: the runtime did not stop cleanly: " + e.getMessage());
      }
    }
    result.printTail(out);
    if (report != null) {
      try {
        Files.writeString(report, result.toJson().encodePrettily());
      } catch (IOException e) {
        err.println("dhii plugin test: cannot write " + report + ": " + e.getMessage());
        return 1;
      }
    }
    return result.ok() ? 0 : 1;
  }
}
