package dev.dhii.plugins.echo;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled manifest and the echo plugin, through the runtime's full dispatch pipeline. */
class EchoPluginTest {

  @TempDir
  static Path plugins;
  static Vertx vertx;
  static DhiiRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    // the bundled manifest as is, but loading the plugin from the test class path instead of its jar
    JsonObject manifest = new JsonObject(Files.readString(Path.of("../../manifests/echo/manifest.json")));
    manifest.remove("classpath");
    Files.createDirectories(plugins.resolve("echo"));
    Files.writeString(plugins.resolve("echo/manifest.json"), manifest.encode());
    // a copy under another id serves a capability of its own (./dhii bench --mode plugins loads 100 of them)
    Files.createDirectories(plugins.resolve("echo2"));
    Files.writeString(plugins.resolve("echo2/manifest.json"), manifest.copy().put("id", "echo2")
      .put("capabilities", new JsonArray().add("echo2.echo")).encode());
    vertx = Vertx.vertx();
    RuntimeOptions options = new RuntimeOptions(new JsonObject()
      .put("http", new JsonObject().put("port", 0).put("instances", 1))
      .put("tcpBridge", new JsonObject().put("port", 0))
      // the data directory (and the JWT secret generated there) stays in the test's directory
      .put("plugins", new JsonObject().put("directories", new JsonArray().add(plugins.toString()))
        .put("dataDirectory", plugins.resolve("data").toString())));
    runtime = DhiiRuntime.start(vertx, options).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    runtime.stop().await(20, TimeUnit.SECONDS);
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private static JsonObject call(JsonObject input) throws Exception {
    return runtime.dispatcher().invoke(CallRequest.of("echo.echo", input)).await(10, TimeUnit.SECONDS).output();
  }

  private static String failureCode(JsonObject input) {
    ExecutionException e = assertThrows(ExecutionException.class, () ->
      runtime.dispatcher().invoke(CallRequest.of("echo.echo", input)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof CallFailure, String.valueOf(e.getCause()));
    return ((CallFailure) e.getCause()).error().code().name();
  }

  @Test
  void echoReturnsItsInput() throws Exception {
    assertEquals(new JsonObject().put("text", "hi"), call(new JsonObject().put("text", "hi")));
    assertEquals(new JsonObject().put("text", "hi").put("n", 7), call(new JsonObject().put("text", "hi").put("n", 7)));
  }

  @Test
  void aCopyUnderAnotherIdServesItsOwnCapability() throws Exception {
    JsonObject input = new JsonObject().put("text", "copy");
    assertEquals(input, runtime.dispatcher().invoke(CallRequest.of("echo2.echo", input)).await(10, TimeUnit.SECONDS).output());
    assertEquals(java.util.Set.of("echo2.echo"), runtime.registry().plugin("echo2").host().capabilities().keySet());
  }

  @Test
  void echoAcceptsTenThousandCharactersAndNoMore() throws Exception {
    assertEquals(10_000, call(new JsonObject().put("text", "x".repeat(10_000))).getString("text").length());
    assertEquals("VALIDATION", failureCode(new JsonObject().put("text", "x".repeat(10_001))));
  }

  @Test
  void echoRejectsMissingTextAndWrongTypes() {
    assertEquals("VALIDATION", failureCode(new JsonObject()));
    assertEquals("VALIDATION", failureCode(new JsonObject().put("text", "hi").put("n", "seven")));
    assertEquals("VALIDATION", failureCode(new JsonObject().put("text", 12)));
  }
}
