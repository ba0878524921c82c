package dev.dhii.runtime.process;

import dev.dhii.api.HealthStatus;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginState;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node.js process plugins, with real node processes using the SDK of runtime/sdk-node: the SDK's example
 * (runtime/sdk-node/examples/echo, its manifest's entrypoint plugin.js) is started by the runtime as it starts any
 * process plugin (node serve.js plugin.js, the SDK on NODE_PATH, in the sandbox where bubblewrap works), connects
 * to the bridge, announces, and serves calls through the whole pipeline.
 */
class NodePluginTest {

  /** The Node SDK of the source tree (the tests run in runtime/kernel). */
  static final Path SDK = Path.of("..", "sdk-node").toAbsolutePath().normalize();

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    NodeRuntimes.requireNode();
    Path dir = plugins.resolve("node-echo");
    Files.createDirectories(dir);
    Path example = SDK.resolve("examples").resolve("echo");
    Files.copy(example.resolve("plugin.js"), dir.resolve("plugin.js"));
    JsonObject manifest = new JsonObject(Files.readString(example.resolve("manifest.json")))
      .put("resources", new JsonObject().put("timeoutMs", 3000))
      // failures are what these tests provoke: no retry, and the breaker must not open on them
      .put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))
        .put("circuitBreaker", new JsonObject().put("minimumCalls", 1000).put("windowSize", 1000)));
    Files.writeString(dir.resolve("manifest.json"), manifest.encodePrettily());
  }).conf(new JsonObject().put("process", new JsonObject().put("nodeSdkPath", SDK.toString()))
    // a node process's start on a busy machine can take longer than the tests' 2 s lifecycle step
    .put("lifecycle", new JsonObject().put("stepTimeoutMs", 15000))).build();

  private static HttpResponse<Buffer> post(String capability, JsonObject body) throws Exception {
    return dhii.http().post("/v1/capabilities/" + capability + "/invoke").putHeader("content-type", "application/json")
      .sendBuffer(body.toBuffer()).await(15, TimeUnit.SECONDS);
  }

  private static JsonObject error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error");
  }

  private static Path data() {
    return dhii.pluginDir().resolve("data").resolve("node-echo");
  }

  @Test
  void aNodePluginAnnouncesItsCapabilitiesAndServesCallsOverHttpAndTheEventBus() throws Exception {
    assertEquals(PluginState.READY, dhii.runtime().registry().plugin("node-echo").state());
    HttpResponse<Buffer> ok = post("node.echo", new JsonObject().put("text", "hi from node"));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    JsonObject result = ok.bodyAsJsonObject().getJsonObject("result");
    assertEquals("hi from node", result.getString("text"));
    // the manifest's config reached onLoad
    assertEquals("hello", result.getString("greeting"));
    JsonObject reply = dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("node.echo"), new JsonObject().put("text", "eb"))
      .await(10, TimeUnit.SECONDS).body();
    assertEquals("eb", reply.getString("text"));
    JsonObject listing = dhii.http().get("/v1/capabilities").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertTrue(listing.encode().contains("node.progress"), listing.encode());
  }

  @Test
  void thePluginsTypedErrorsKeepTheirCodes() throws Exception {
    HttpResponse<Buffer> notFound = post("node.fail", new JsonObject().put("code", "NOT_FOUND").put("message", "no such mail"));
    assertEquals(404, notFound.statusCode(), notFound.bodyAsString());
    assertEquals("NOT_FOUND", error(notFound).getString("code"));
    assertEquals("no such mail", error(notFound).getString("message"));
    HttpResponse<Buffer> validation = post("node.fail", new JsonObject().put("code", "VALIDATION").put("message", "too early"));
    assertEquals(400, validation.statusCode(), validation.bodyAsString());
    assertEquals("VALIDATION", error(validation).getString("code"));
    // the plugin's violations, with their pointers, reach the caller
    assertTrue(validation.bodyAsString().contains("/when"), validation.bodyAsString());
    HttpResponse<Buffer> network = post("node.fail", new JsonObject().put("code", "NETWORK"));
    assertEquals(502, network.statusCode(), network.bodyAsString());
  }

  @Test
  void theKernelValidatesTheInputBeforeTheProcessAndTheOutputAfterIt() throws Exception {
    HttpResponse<Buffer> missing = post("node.echo", new JsonObject().put("nope", 1));
    assertEquals(400, missing.statusCode(), missing.bodyAsString());
    assertEquals("VALIDATION", error(missing).getString("code"));
    HttpResponse<Buffer> empty = post("node.echo", new JsonObject().put("text", ""));
    assertEquals(400, empty.statusCode(), empty.bodyAsString());
    HttpResponse<Buffer> badOutput = post("node.badout", new JsonObject());
    assertEquals(500, badOutput.statusCode(), badOutput.bodyAsString());
    assertTrue(error(badOutput).getString("message").contains("output schema"), badOutput.bodyAsString());
  }

  @Test
  void aHandlerThatThrowsGivesThePlainMessageAndKeepsItsDetailInTheLog() throws Exception {
    HttpResponse<Buffer> bug = post("node.boom", new JsonObject());
    assertEquals(500, bug.statusCode(), bug.bodyAsString());
    assertEquals("INTERNAL", error(bug).getString("code"));
    assertEquals("The plugin failed", error(bug).getString("message"));
    assertFalse(bug.bodyAsString().contains("TypeError") || bug.bodyAsString().contains("/srv/app.js"), bug.bodyAsString());
    assertEquals(200, post("node.echo", new JsonObject().put("text", "after")).statusCode());
  }

  @Test
  void aHangingCallIsCancelledByItsDeadlineAndTheHandlerSeesItsAbortSignal() throws Exception {
    Files.deleteIfExists(data().resolve("aborted"));
    HttpResponse<Buffer> slow = dhii.http().post("/v1/capabilities/node.slow/invoke").putHeader("content-type", "application/json")
      .putHeader("x-timeout-ms", "400").putHeader("x-request-id", "slow-node-1").sendBuffer(new JsonObject().toBuffer())
      .await(15, TimeUnit.SECONDS);
    assertEquals(504, slow.statusCode(), slow.bodyAsString());
    assertEquals("TIMEOUT", error(slow).getString("code"));
    // the handler's AbortSignal fired (the kernel's cancel message or the SDK's own deadline, both TIMEOUT); it
    // wrote its reason and request id into the plugin's data directory
    Path aborted = data().resolve("aborted");
    Await.until(() -> Files.isRegularFile(aborted), Duration.ofSeconds(10), "the handler's abort");
    Await.until(() -> {
      try {
        return Files.readString(aborted).equals("TIMEOUT slow-node-1");
      } catch (IOException e) {
        return false;
      }
    }, Duration.ofSeconds(5), "the abort's reason");
    assertEquals(200, post("node.echo", new JsonObject().put("text", "after")).statusCode());
  }

  @Test
  void aNodePluginsProgressReachesItsCaller() throws Exception {
    List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    JsonObject out = dhii.runtime().dispatcher().invoke(CallRequest.builder("node.progress", new JsonObject())
        .progress((progress, total, message) -> reports.add(progress + "/" + total + " " + message)).build())
      .await(20, TimeUnit.SECONDS).output();
    assertEquals(3, out.getInteger("steps"));
    Await.until(() -> reports.size() >= 3, Duration.ofSeconds(10), "three progress reports");
    // the report that did not grow was dropped
    assertEquals(List.of("1.0/3.0 step 1", "2.0/3.0 step 2", "3.0/3.0 step 3"), reports);
  }

  @Test
  void theHealthCheckReachesTheProcess() throws Exception {
    PluginRecord record = dhii.runtime().registry().plugin("node-echo");
    HealthStatus health = record.host().healthCheck(5000).await(10, TimeUnit.SECONDS);
    assertEquals(HealthStatus.Status.UP, health.status(), health.toString());
  }

  @Test
  void aCrashedProcessFailsItsCallAndIsRestarted() throws Exception {
    PluginRecord record = dhii.runtime().registry().plugin("node-echo");
    Await.until(() -> record.host() != null && record.host().processPid() > 0, Duration.ofSeconds(15), "a node process");
    long before = record.host().processPid();
    HttpResponse<Buffer> crash = post("node.crash", new JsonObject());
    // the process's exit answers the call (NETWORK), not its 3 s deadline
    assertEquals(502, crash.statusCode(), crash.bodyAsString());
    Await.until(() -> record.host() != null && record.host().processPid() > 0 && record.host().processPid() != before,
      Duration.ofSeconds(20), "a new node process");
    Await.until(() -> {
      try {
        return post("node.echo", new JsonObject().put("text", "again")).statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(20), "the restarted process serves");
    assertNotEquals(before, record.host().processPid());
  }
}
