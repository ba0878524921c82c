package dev.dhii.runtime.openapi;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Redocly's linter ({@code @redocly/cli}) on a document, with the rules of the test resource
 * {@code redocly.yaml}. The CLI is the one {@code .ci/install} installs under {@code ~/.cache/dhii-test/redocly}
 * (or {@code $DHII_REDOCLY}, a path to the {@code redocly} executable); without it the lint fails, naming the
 * install line.
 */
public final class RedoclyLint {

  /** The install line of {@code .ci/install}. */
  public static final String INSTALL = "npm install --prefix ~/.cache/dhii-test/redocly @redocly/cli@2.77.0";
  private static final long TIMEOUT_SECONDS = 120;

  /**
   * What the linter said.
   *
   * @param exitCode its exit code
   * @param errors problems of severity error
   * @param warnings problems of severity warning
   * @param output its JSON report (or its output, when that is not JSON)
   */
  public record Report(int exitCode, int errors, int warnings, String output) {
    /** @return whether the document has no problem at all */
    public boolean clean() {
      return exitCode == 0 && errors == 0 && warnings == 0;
    }
  }

  private RedoclyLint() {
  }

  /** @return the redocly executable */
  public static Path executable() {
    String configured = System.getenv("DHII_REDOCLY");
    Path path = configured != null && !configured.isBlank() ? Path.of(configured)
      : Path.of(System.getProperty("user.home"), ".cache", "dhii-test", "redocly", "node_modules", ".bin", "redocly");
    if (!Files.isExecutable(path)) {
      throw new AssertionError("Redocly CLI not found at " + path + "; install it with: " + INSTALL);
    }
    return path;
  }

  /**
   * @param document the OpenAPI document
   * @param dir a scratch folder for the document, the rules and the report
   * @return the linter's report
   * @throws Exception when it cannot run or does not end in time
   */
  public static Report lint(JsonObject document, Path dir) throws Exception {
    Path file = dir.resolve("openapi.json");
    Files.writeString(file, document.encodePrettily());
    Path config = dir.resolve("redocly.yaml");
    try (InputStream in = RedoclyLint.class.getResourceAsStream("/redocly.yaml")) {
      Files.write(config, in.readAllBytes());
    }
    Path out = dir.resolve("lint.json");
    ProcessBuilder pb = new ProcessBuilder(List.of(executable().toString(), "lint", "--config", config.toString(),
      "--format", "json", file.toString())).redirectOutput(out.toFile()).redirectError(dir.resolve("lint.err").toFile());
    pb.environment().put("REDOCLY_TELEMETRY", "off");
    pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    pb.environment().put("NO_COLOR", "1");
    Process process = pb.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("redocly lint did not end in " + TIMEOUT_SECONDS + " s");
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    String err = Files.readString(dir.resolve("lint.err"), StandardCharsets.UTF_8);
    int start = output.indexOf('{');
    if (start < 0) {
      return new Report(process.exitValue(), -1, -1, output + err);
    }
    JsonObject report = new JsonObject(output.substring(start));
    JsonObject totals = report.getJsonObject("totals", new JsonObject());
    return new Report(process.exitValue(), totals.getInteger("errors", -1), totals.getInteger("warnings", -1),
      report.encodePrettily());
  }
}
