package dev.dhii.runtime.console;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in headless Chromium, driven by puppeteer-core (src/test/resources/console/browse.cjs): the
 * plugin's row appears READY, calls made through the page's try-it form show up in the live numbers without a
 * reload, the chart is drawn, and a redeploy from the page bumps the generation. Screenshots go to
 * target/screenshots.
 */
class ConsoleBrowserTest {

  static final String PUPPETEER = "puppeteer-core@24.43.1";
  static final Path PUPPETEER_DIR = Path.of(System.getProperty("user.home"), ".cache", "dhii-test", "puppeteer-core-24.43.1");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(dir -> TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null))
    .build();

  @Test
  void theConsoleShowsLiveNumbersAndRedeploysFromThePage() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), "Chromium is missing: apt-get install -y chromium (or bash .ci/install)");
    installPuppeteer();
    Path script = Path.of("target", "console-browse.cjs");
    try (var in = ConsoleBrowserTest.class.getResourceAsStream("/console/browse.cjs")) {
      Files.createDirectories(script.getParent());
      Files.write(script, in.readAllBytes());
    }
    long before = dhii.runtime().registry().plugin("fx").generation().number();
    Path shots = Path.of("target", "screenshots");
    ProcessBuilder node = new ProcessBuilder("node", script.toString(), "http://127.0.0.1:" + dhii.httpPort(), "/ui,/docs",
      shots.toString()).redirectErrorStream(true);
    node.environment().put("DHII_PUPPETEER", PUPPETEER_DIR.toString());
    node.environment().put("DHII_CHROMIUM", CHROMIUM.toString());
    node.environment().put("DHII_ADMIN_TOKEN", dhii.admin().replaceFirst("^Bearer ", ""));
    node.environment().put("DHII_PLUGIN", "fx");
    node.environment().put("DHII_CAPABILITY", "fx.echo");
    Process process = node.start();
    boolean done = process.waitFor(150, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(done, "the browser checks did not end in 150 s: " + output);
    assertEquals(0, process.exitValue(), output);
    // generation numbers are the JVM's, shared by every runtime in it: the page must show the next one the runtime gave
    long after = dhii.runtime().registry().plugin("fx").generation().number();
    assertTrue(after > before, "the redeploy gave fx a new generation: " + before + " -> " + after);
    assertTrue(output.contains("ok live-calls") && output.contains("ok redeploy generation " + before + " -> " + after), output);
    assertTrue(Files.size(shots.resolve("ui-live.png")) > 10_000, "screenshot missing");
    assertTrue(Files.size(shots.resolve("ui-redeployed.png")) > 10_000, "screenshot missing");
    // the OpenAPI try-it page renders from the runtime's own assets, with no page error
    assertTrue(output.contains("ok loaded /docs"), output);
  }

  /** puppeteer-core into ~/.cache/dhii-test (no browser download: the script names Debian's Chromium). */
  static void installPuppeteer() throws IOException, InterruptedException {
    if (Files.isDirectory(PUPPETEER_DIR.resolve("node_modules/puppeteer-core"))) {
      return;
    }
    Files.createDirectories(PUPPETEER_DIR);
    ProcessBuilder npm = new ProcessBuilder("npm", "install", "--prefix", PUPPETEER_DIR.toString(), "--no-audit", "--no-fund",
      "--no-save", PUPPETEER).redirectErrorStream(true);
    npm.environment().put("PUPPETEER_SKIP_DOWNLOAD", "1");
    Process process = npm.start();
    boolean done = process.waitFor(300, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(done && process.exitValue() == 0, "could not install " + PUPPETEER + " (npm install --prefix "
      + PUPPETEER_DIR + " " + PUPPETEER + "): " + output);
  }
}
