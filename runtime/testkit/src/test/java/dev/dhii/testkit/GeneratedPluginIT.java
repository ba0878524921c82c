package dev.dhii.testkit;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.CallRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dhii plugin create NAME} (the real command line, in a process of its own), then {@code mvn -q package}
 * of what it wrote, then the built jar served by a real runtime. Runs after this module is packaged
 * (integration-test phase), so that target/repository holds dhii-api and dhii-testkit of this build. The nested
 * Maven has a local repository of its own (the user's ~/.m2 is not written) and reads third-party artifacts from
 * this build's local repository as a file repository: no network.
 */
class GeneratedPluginIT {

  private static final long BUILD_SECONDS = 600;

  @TempDir
  Path dir;

  private static Path home() {
    return Path.of(System.getProperty("dhii.home", "../..")).toAbsolutePath().normalize();
  }

  private record Run(int status, String output) {
  }

  private static Run run(Path workDir, List<String> argv, long seconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile("dhii-it-", ".log");
    try {
      Process process = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(argv + " did not finish in " + seconds + " s: " + Files.readString(log));
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private Run dhii(String... args) throws IOException, InterruptedException {
    Path kernel = home().resolve("runtime/kernel/target");
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Ddhii.home=" + home(), "-cp", kernel.resolve("dhii-runtime.jar") + ":" + kernel.resolve("lib") + "/*",
      "dev.dhii.runtime.cli.Main"));
    argv.addAll(List.of(args));
    return run(dir, argv, 60);
  }

  private Run mvnPackage(Path project) throws IOException, InterruptedException {
    Path settings = dir.resolve("settings.xml");
    if (!Files.exists(settings)) {
      String outer = System.getProperty("dhii.outerRepository", System.getProperty("user.home") + "/.m2/repository");
      Files.writeString(settings, "<settings><mirrors><mirror><id>outer-local</id><mirrorOf>*,!dhii-runtime</mirrorOf>"
        + "<url>" + Path.of(outer).toUri() + "</url></mirror></mirrors></settings>\n");
    }
    String mvn = System.getenv("MAVEN_HOME") != null ? Path.of(System.getenv("MAVEN_HOME"), "bin", "mvn").toString() : "mvn";
    return run(project, List.of(mvn, "-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + dir.resolve("m2"),
      "package"), BUILD_SECONDS);
  }

  @Test
  void aCreatedJavaPluginBuildsTestsAndServes() throws Exception {
    assertTrue(Files.isDirectory(home().resolve("runtime/testkit/target/repository/dev/dhii/dhii-testkit")),
      "the build lays out target/repository before this test runs");
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Run created = dhii("plugin", "create", "greeter", "--package", "org.acme.greeter", "--dir", plugins.toString());
    assertEquals(0, created.status(), created.output());
    Path plugin = plugins.resolve("greeter");
    assertTrue(created.output().contains("mvn -q -f " + plugin + " package"), created.output());

    Run built = mvnPackage(plugin);
    assertEquals(0, built.status(), built.output());
    assertTrue(Files.isRegularFile(plugin.resolve("target/greeter.jar")), built.output());
    String report = Files.readString(plugin.resolve("target/surefire-reports/TEST-org.acme.greeter.GreeterPluginTest.xml"));
    assertTrue(report.contains("tests=\"3\"") && report.contains("failures=\"0\"") && report.contains("errors=\"0\""), report);

    // the jar it built, served by a runtime as `dhii serve --plugins <dir>` serves it
    Vertx vertx = Vertx.vertx();
    try {
      DhiiRuntime runtime = DhiiRuntime.start(vertx, new RuntimeOptions(new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
        .put("tcpBridge", new JsonObject().put("enabled", false))
        .put("plugins", new JsonObject().put("directories", new JsonArray().add(plugins.toString()))
          .put("dataDirectory", dir.resolve("data").toString())))).await(60, TimeUnit.SECONDS);
      try {
        JsonObject out = runtime.dispatcher().invoke(CallRequest.of("greeter.hello", new JsonObject().put("name", "Ada")))
          .await(10, TimeUnit.SECONDS).output();
        assertEquals("Hello, Ada", out.getString("text"));
      } finally {
        runtime.stop().await(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }

    // the generated test can fail: a plugin that greets wrongly does not package
    Path source = plugin.resolve("src/main/java/org/acme/greeter/GreeterPlugin.java");
    Files.writeString(source, Files.readString(source).replace("\"Hello, \"", "\"Bye, \""));
    Run broken = mvnPackage(plugin);
    assertNotEquals(0, broken.status(), broken.output());
    assertTrue(broken.output().contains("greetsByName"), broken.output());
  }

  @Test
  void badNamesAndPackagesAreUsageErrors() throws Exception {
    Run name = dhii("plugin", "create", "Bad_Name", "--dir", dir.toString());
    assertEquals(2, name.status(), name.output());
    Run pkg = dhii("plugin", "create", "ok", "--package", "org.acme.class", "--dir", dir.toString());
    assertEquals(2, pkg.status(), pkg.output());
    assertTrue(pkg.output().contains("invalid --package \"org.acme.class\""), pkg.output());
    assertTrue(!Files.exists(dir.resolve("ok")));
  }
}
