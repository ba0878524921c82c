package dev.dhii.runtime.cli;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii capabilities list|describe} against a real runtime listening on 127.0.0.1. */
class CapabilitiesCommandTest {

  static String url;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins ->
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null)).build();

  @BeforeAll
  static void start() {
    url = "http://127.0.0.1:" + dhii.runtime().httpPort();
  }

  @Test
  void listPrintsOneLinePerCapability() {
    Cli.Run run = Cli.run("capabilities", "list", "--url", url);
    assertEquals(0, run.code(), run.all());
    List<String> lines = run.out().lines().toList();
    assertEquals(3, lines.size(), run.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("fx.echo ") && l.contains("READY") && l.contains("anonymous")), run.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("fx.secure ") && l.contains(" token ")), run.out());
  }

  @Test
  void describePrintsTheEntryWithBothSchemas() {
    Cli.Run run = Cli.run("capabilities", "describe", "fx.echo", "--url", url, "--token", dhii.admin().substring(7));
    assertEquals(0, run.code(), run.all());
    JsonObject entry = new JsonObject(run.out());
    assertEquals("fx.echo", entry.getString("id"));
    assertTrue(entry.getJsonObject("inputSchema").getJsonObject("properties").containsKey("text"));
    assertTrue(entry.getJsonObject("outputSchema").getJsonObject("properties").containsKey("text"));
  }

  @Test
  void describingAnUnknownCapabilityPrintsTheErrorBodyAndFails() {
    Cli.Run run = Cli.run("capabilities", "describe", "no.such", "--url", url);
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("HTTP 404") && run.err().contains("NOT_FOUND"), run.all());
    assertEquals("", run.out());
  }

  @Test
  void anUnreachableRuntimeAndABadCommandFail() {
    Cli.Run run = Cli.run("capabilities", "list", "--url", "http://127.0.0.1:1");
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("cannot reach"), run.all());
    assertEquals(2, Cli.run("capabilities", "show").code());
  }
}
