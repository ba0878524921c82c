package dev.dhii.runtime.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs pytest in a generated Python plugin's directory, with the interpreter of the test virtual environment
 * {@code ~/.cache/dhii-test/pytest-venv} (pytest and the plugins' requirements; made by .ci/install).
 */
final class Pytest {

  /** What .ci/install runs to make the environment. */
  static final String INSTALL = "python3 -m venv ~/.cache/dhii-test/pytest-venv && "
    + "~/.cache/dhii-test/pytest-venv/bin/pip install 'pytest==8.4.2' 'pydantic>=2,<3'";

  record Result(int status, String output) {
  }

  private Pytest() {
  }

  static Path python() {
    Path python = Path.of(System.getProperty("user.home"), ".cache", "dhii-test", "pytest-venv", "bin", "python");
    if (!Files.isExecutable(python)) {
      throw new AssertionError("pytest is not installed for the tests: run " + INSTALL);
    }
    return python;
  }

  /** @param plugin the plugin directory @return pytest's exit status and output (bounded to 120 s) */
  static Result run(Path plugin) throws IOException {
    Path log = Files.createTempFile("pytest-", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(python().toString(), "-m", "pytest", "-q", "-p", "no:cacheprovider")
        .directory(plugin.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      // the tests run in runtime/kernel: the SDK of this checkout, whatever dhii.home the plugin was created with
      env.put("DHII_SDK_PYTHON", Path.of("..", "sdk-python").toAbsolutePath().normalize().toString());
      env.put("PYTHONDONTWRITEBYTECODE", "1");
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("pytest did not finish in 120 s: " + Files.readString(log));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
