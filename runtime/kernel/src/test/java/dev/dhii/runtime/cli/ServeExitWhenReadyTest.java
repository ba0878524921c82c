package dev.dhii.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Ddhii.serve.exitWhenReady=true}, the launcher's class-data training run: serve starts, stops at once and
 * exits 0 if it was ready, 1 if a plugin was not, after one request of its own to /health/ready; through the real
 * launcher, on this test's classes.
 */
class ServeExitWhenReadyTest {

  @TempDir
  Path dir;

  record Result(int code, String output) {
  }

  Result serve(Path plugins) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(LinkCommandTest.LAUNCHER.toString(), "serve", "--host", "127.0.0.1",
      "--port", "0", "--tcp-port", "0", "--plugins", plugins.toString())
      .directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("DHII_SKIP_BUILD", "1");
    builder.environment().put("DHII_CLASSPATH", System.getProperty("java.class.path"));
    builder.environment().put("DHII_DATA_DIR", dir.resolve("data").toString());
    // the tests' logging (WARN and above) and serve's own INFO lines
    Path logback = Files.writeString(dir.resolve("logback.xml"), """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%-5level %logger{24} - %msg%n</pattern></encoder>
        </appender>
        <logger name="dev.dhii.runtime.cli.ServeCommand" level="INFO"/>
        <logger name="io.netty.util.internal.PlatformDependent" level="DEBUG"/>
        <root level="WARN"><appender-ref ref="OUT"/></root>
      </configuration>
      """);
    builder.environment().put("DHII_JAVA_OPTS", "-D" + ServeCommand.EXIT_WHEN_READY + "=true -Dlogback.configurationFile="
      + logback);
    Process p = builder.start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("serve with " + ServeCommand.EXIT_WHEN_READY + " did not exit in 60 s");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void aReadyRuntimeStopsAndExitsZero() throws Exception {
    Result r = serve(Files.createDirectories(dir.resolve("plugins")));
    assertEquals(0, r.code(), r.output());
    assertTrue(!r.output().contains("not ready") && !r.output().contains("Exception"), r.output());
    // the request whose classes the training's archive holds, answered before the runtime stopped
    assertTrue(r.output().contains("dhii: GET /health/ready answered 200"), r.output());
    // Main's process default, as Netty itself read it (its JFR events would cost the first request JFR's start)
    assertTrue(r.output().contains("-D" + Main.NETTY_JFR + ": false"), r.output());
  }

  @Test
  void anOperatorsNettyJfrSettingWins() {
    String before = System.getProperty(Main.NETTY_JFR);
    try {
      System.clearProperty(Main.NETTY_JFR);
      Main.processDefaults();
      assertEquals("false", System.getProperty(Main.NETTY_JFR));
      System.setProperty(Main.NETTY_JFR, "true");
      Main.processDefaults();
      assertEquals("true", System.getProperty(Main.NETTY_JFR));
    } finally {
      if (before == null) {
        System.clearProperty(Main.NETTY_JFR);
      } else {
        System.setProperty(Main.NETTY_JFR, before);
      }
    }
  }

  @Test
  void aPluginThatIsNotReadyMakesItExitOne() throws Exception {
    Path plugin = Files.createDirectories(dir.resolve("plugins/broken"));
    Files.writeString(plugin.resolve("manifest.json"), """
      {"id": "broken", "name": "Broken", "version": "1.0.0", "apiVersion": 2, "runtime": "jvm",
       "entrypoint": "x.Missing", "classpath": ["missing.jar"], "imports": {}, "capabilities": ["broken.echo"],
       "permissions": [], "config": {}}
      """);
    Result r = serve(plugin.getParent());
    assertEquals(1, r.code(), r.output());
    assertTrue(r.output().contains("dhii not ready: plugin(s) [broken] not READY"), r.output());
    assertTrue(r.output().contains("dhii: GET /health/ready answered 503"), r.output());
    assertTrue(!r.output().contains("Exception"), r.output());
  }
}
