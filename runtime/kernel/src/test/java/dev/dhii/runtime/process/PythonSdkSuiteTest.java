package dev.dhii.runtime.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the Python SDK's own suite (runtime/sdk-python/tests: the protocol against a fake bridge, with
 * real plugin processes) as part of {@code mvn verify}, so that CI runs it too.
 */
class PythonSdkSuiteTest {

  @Test
  void thePythonSdkSuitePasses() throws IOException, InterruptedException {
    Path sdk = Path.of("..", "sdk-python").toAbsolutePath().normalize();
    Path log = Files.createTempFile("dhii-sdk-python-", ".log");
    try {
      Process suite = new ProcessBuilder("python3", "-B", "-m", "unittest", "discover", "-s", "tests")
        .directory(sdk.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean ended = suite.waitFor(120, TimeUnit.SECONDS);
      if (!ended) {
        suite.destroyForcibly();
      }
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(ended, "the suite did not end within 120 s: " + text);
      assertEquals(0, suite.exitValue(), text);
      assertTrue(text.contains("OK"), text);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
