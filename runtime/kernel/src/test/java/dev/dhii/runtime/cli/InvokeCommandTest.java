package dev.dhii.runtime.cli;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii invoke} against a real runtime listening on 127.0.0.1. */
class InvokeCommandTest {

  static String url;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
  }).build();

  @BeforeAll
  static void start() throws Exception {
    url = "http://127.0.0.1:" + dhii.runtime().httpPort();
  }

  @Test
  void theResultIsPrintedAsPrettyJson() {
    Cli.Run run = Cli.run("invoke", "fx.echo", "--data", "{\"text\":\"hi\",\"n\":3}", "--url", url);
    assertEquals(0, run.code(), run.all());
    assertEquals(new JsonObject().put("text", "hi").put("n", 3), new JsonObject(run.out()));
    assertTrue(run.out().contains("\n"), "pretty-printed: " + run.out());
  }

  @Test
  void theDataCanComeFromAFileAndTheTimeoutReachesThePlugin() throws IOException {
    Path data = Files.writeString(dhii.pluginDir().resolve("params.json"), "{}");
    Cli.Run run = Cli.run("invoke", "fx.whoami", "--data", "@" + data, "--url", url + "/", "--timeout-ms", "1234");
    assertEquals(0, run.code(), run.all());
    assertEquals(1234, new JsonObject(run.out()).getLong("timeoutMs"));
  }

  @Test
  void anUnknownCapabilityPrintsTheErrorBodyAndFails() {
    Cli.Run run = Cli.run("invoke", "nope.nothing", "--data", "{}", "--url", url);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("HTTP 404") && run.err().contains("NOT_FOUND"), run.all());
    assertEquals("", run.out());
  }

  @Test
  void aCapabilityNeedingAuthWithoutATokenFails() {
    Cli.Run run = Cli.run("invoke", "fx.secure", "--data", "{\"text\":\"x\",\"n\":1}", "--url", url);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("HTTP 401"), run.all());
  }

  @Test
  void dataThatIsNotJsonOrAMissingFlagIsAUsageError() {
    assertEquals(2, Cli.run("invoke", "fx.echo", "--data", "{not json", "--url", url).code());
    assertEquals(2, Cli.run("invoke", "fx.echo", "--url", url).code());
    assertEquals(2, Cli.run("invoke", "fx.echo", "--data", "{}", "--timeout-ms", "soon").code());
    assertEquals(2, Cli.run("invoke", "../admin", "--data", "{}").code());
  }
}
