package dev.dhii.runtime.process;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginState;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Process plugins (DESIGN §11), with real Python processes using the SDK of runtime/sdk-python: they
 * connect to the TCP bridge, announce their capabilities, and serve calls that went through the whole
 * pipeline; the kernel supervises them.
 */
class ProcessPluginTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    write("py", "fixture_plugin.py", List.of("py.echo", "py.fail", "py.badout", "py.slow", "py.hog", "py.progress"),
      new JsonObject().put("tag", "py"));
    write("crashy", "fixture_plugin.py", List.of("crashy.echo", "crashy.fail", "crashy.badout", "crashy.slow", "crashy.hog"),
      new JsonObject().put("tag", "crashy").put("prefix", "crashy"));
    write("silent", "silent_plugin.py", List.of("silent.any"), null);
    write("hog", "fixture_plugin.py", List.of("hog.echo", "hog.fail", "hog.badout", "hog.slow", "hog.hog"),
      new JsonObject().put("tag", "hog").put("prefix", "hog"));
    limitMemory(plugins.resolve("hog").resolve("manifest.json"), 64);
    TestManifests.writeRaw(plugins, "missing", new JsonObject().put("id", "missing").put("name", "missing")
      .put("version", "1.0.0").put("apiVersion", 2).put("runtime", "process")
      .put("command", new io.vertx.core.json.JsonArray().add("python3").add("no_such_script.py"))
      .put("capabilities", new io.vertx.core.json.JsonArray().add("missing.any")).encodePrettily());
    // the SDK's v1 example, run unchanged: a Dhii-Mail v1 DomainModule file
    copyDirectory(Path.of("..", "sdk-python", "examples", "legacy-greeter"), plugins.resolve("legacy-greeter"));
  }).conf(new JsonObject()
    .put("process", new JsonObject().put("readyTimeoutMs", 1500))).build();

  private static void write(String id, String script, List<String> capabilities, JsonObject config) throws IOException {
    Path dir = dhii.pluginDir().resolve(id);
    Files.createDirectories(dir);
    try (InputStream in = ProcessPluginTest.class.getResourceAsStream("/process/" + script)) {
      Files.copy(in, dir.resolve(script));
    }
    JsonObject manifest = new JsonObject().put("id", id).put("name", id).put("version", "1.0.0").put("apiVersion", 2)
      .put("runtime", "process").put("command", new io.vertx.core.json.JsonArray().add("python3").add(script))
      .put("capabilities", new io.vertx.core.json.JsonArray(capabilities))
      .put("resources", new JsonObject().put("timeoutMs", 3000))
      // failures are what these tests provoke: the breaker must not open on them
      .put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))
        .put("circuitBreaker", new JsonObject().put("minimumCalls", 1000).put("windowSize", 1000)))
      .put("config", config == null ? new JsonObject() : config);
    Files.writeString(dir.resolve("manifest.json"), manifest.encodePrettily());
  }

  private static void limitMemory(Path manifest, int maxMemoryMb) throws IOException {
    JsonObject json = new JsonObject(Files.readString(manifest));
    json.getJsonObject("resources").put("maxMemoryMb", maxMemoryMb).put("timeoutMs", 10_000);
    Files.writeString(manifest, json.encodePrettily());
  }

  private static void copyDirectory(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path file : files.toList()) {
        if (Files.isRegularFile(file)) {
          Files.copy(file, to.resolve(file.getFileName()));
        }
      }
    }
  }

  private static HttpResponse<Buffer> post(String capability, JsonObject body) throws Exception {
    return dhii.http().post("/v1/capabilities/" + capability + "/invoke").putHeader("content-type", "application/json")
      .sendBuffer(body.toBuffer()).await(15, TimeUnit.SECONDS);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  private static long pid(String tag) throws IOException {
    // the program's pid as the host sees it (the file has the pid inside the sandbox's namespace)
    Files.readAllLines(dhii.pluginDir().resolve("data").resolve(tag).resolve("pid-" + tag));
    PluginRecord record = dhii.runtime().registry().plugin(tag);
    // between a crash and its restart there is none: wait for one
    Await.until(() -> record.host() != null && record.host().processPid() > 0, Duration.ofSeconds(15), "a process of " + tag);
    return record.host().processPid();
  }

  @Test
  void aPythonPluginAnnouncesItsCapabilitiesAndServesCallsOverHttpAndTheEventBus() throws Exception {
    assertEquals(PluginState.READY, dhii.runtime().registry().plugin("py").state());
    HttpResponse<Buffer> ok = post("py.echo", new JsonObject().put("text", "hi from python"));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals("hi from python", ok.bodyAsJsonObject().getJsonObject("result").getString("text"));
    JsonObject reply = dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("py.echo"), new JsonObject().put("text", "eb"))
      .await(10, TimeUnit.SECONDS).body();
    assertEquals("eb", reply.getString("text"));
    // the announced schemas are the capability's, listed like a JVM plugin's
    JsonObject listing = dhii.http().get("/v1/capabilities").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertTrue(listing.encode().contains("py.echo"), listing.encode());
  }

  @Test
  void aPythonPluginsProgressReachesItsCaller() throws Exception {
    List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    JsonObject out = dhii.runtime().dispatcher().invoke(CallRequest.builder("py.progress", new JsonObject())
        .progress((progress, total, message) -> reports.add(progress + "/" + total + " " + message)).build())
      .await(20, TimeUnit.SECONDS).output();
    assertEquals(3, out.getInteger("steps"));
    // the reports travel beside the reply, on the process's announce address: they may land just after it
    Await.until(() -> reports.size() >= 3, Duration.ofSeconds(10), "three progress reports");
    // the report that did not grow was dropped
    assertEquals(List.of("1.0/3.0 step 1", "2.0/3.0 step 2", "3.0/3.0 step 3"), reports);
  }

  @Test
  void theKernelValidatesBeforeTheProcessAndAfterIt() throws Exception {
    HttpResponse<Buffer> missing = post("py.echo", new JsonObject().put("nope", 1));
    assertEquals(400, missing.statusCode(), missing.bodyAsString());
    assertEquals("VALIDATION", code(missing));
    HttpResponse<Buffer> badOutput = post("py.badout", new JsonObject());
    assertEquals(500, badOutput.statusCode(), badOutput.bodyAsString());
    assertTrue(badOutput.bodyAsJsonObject().getJsonObject("error").getString("message").contains("output schema"),
      badOutput.bodyAsString());
  }

  @Test
  void thePluginsErrorsKeepTheirTypes() throws Exception {
    HttpResponse<Buffer> validation = post("py.fail", new JsonObject().put("how", "validation"));
    assertEquals(400, validation.statusCode(), validation.bodyAsString());
    assertTrue(validation.bodyAsString().contains("not a greeting"), validation.bodyAsString());
    HttpResponse<Buffer> network = post("py.fail", new JsonObject().put("how", "network"));
    assertEquals(502, network.statusCode(), network.bodyAsString());
    HttpResponse<Buffer> bug = post("py.fail", new JsonObject().put("how", "bug"));
    assertEquals(500, bug.statusCode(), bug.bodyAsString());
    // the exception's text stays in the plugin's log: the caller gets the plain message a JVM plugin gives
    assertEquals("The plugin failed", bug.bodyAsJsonObject().getJsonObject("error").getString("message"), bug.bodyAsString());
  }

  @Test
  void aCallGoesToTheProcessWithoutWaitingForAThreadOfThePluginsPool() throws Exception {
    // every thread of py's worker pool (named by its generation, shared by name) held by a blocking task
    PluginRecord record = dhii.runtime().registry().plugin("py");
    int threads = record.manifest().resources().withDefaults(dhii.runtime().options().defaultResources()).workerPoolSize();
    io.vertx.core.WorkerExecutor pool = dhii.vertx().createSharedWorkerExecutor(
      "dhii-plugin-py-" + record.generation().number(), threads);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(threads);
    List<String> holders = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<io.vertx.core.Future<Void>> held = new java.util.ArrayList<>();
    for (int i = 0; i < threads; i++) {
      held.add(pool.executeBlocking(() -> {
        holders.add(Thread.currentThread().getName());
        holding.countDown();
        release.await(30, TimeUnit.SECONDS);
        return null;
      }, false));
    }
    try {
      assertTrue(holding.await(10, TimeUnit.SECONDS), "the pool's threads taken: " + holders);
      holders.forEach(name -> assertTrue(name.startsWith("dhii-plugin-py-"), "a thread of py's own pool: " + name));
      // the call only hands a frame to the process: it is answered with the pool still full
      HttpResponse<Buffer> ok = post("py.echo", new JsonObject().put("text", "pool full"));
      assertEquals(200, ok.statusCode(), ok.bodyAsString());
      assertEquals("pool full", ok.bodyAsJsonObject().getJsonObject("result").getString("text"));
    } finally {
      release.countDown();
      io.vertx.core.Future.all(held).await(10, TimeUnit.SECONDS);
      pool.close();
    }
  }

  @Test
  void aCallPastItsDeadlineIsATimeout() throws Exception {
    HttpResponse<Buffer> slow = dhii.http().post("/v1/capabilities/py.slow/invoke").putHeader("content-type", "application/json")
      .putHeader("x-timeout-ms", "300").sendBuffer(new JsonObject().toBuffer()).await(15, TimeUnit.SECONDS);
    assertEquals(504, slow.statusCode(), slow.bodyAsString());
    // and the process still serves
    assertEquals(200, post("py.echo", new JsonObject().put("text", "after")).statusCode());
  }

  @Test
  void aProcessThatDiesFailsItsCallAtOnceAndIsRestarted() throws Exception {
    long before = pid("crashy");
    assertTrue(served("crashy.echo"), "served before the crash");
    // kill the process from outside, as a crash would
    ProcessHandle.of(before).ifPresent(ProcessHandle::destroyForcibly);
    Await.until(() -> ProcessHandle.of(before).map(p -> !p.isAlive()).orElse(true), Duration.ofSeconds(10), "the process is gone");
    Await.until(() -> {
      try {
        return pid("crashy") != before;
      } catch (IOException e) {
        return false;
      }
    }, Duration.ofSeconds(15), "the process is started again");
    Await.until(() -> served("crashy.echo"), Duration.ofSeconds(15), "the restarted process serves");
  }

  @Test
  void aCrashDuringACallFailsThatCallWithoutWaitingForItsDeadline() throws Exception {
    HttpResponse<Buffer> crash = post("py.fail", new JsonObject().put("how", "crash"));
    // NETWORK "exited" comes from the process's exit; its 3 s deadline would have answered TIMEOUT (504)
    assertEquals(502, crash.statusCode(), crash.bodyAsString());
    assertTrue(crash.bodyAsString().contains("exited"), crash.bodyAsString());
    Await.until(() -> post0("py.echo").statusCode() == 200, Duration.ofSeconds(15), "py is serving again");
  }

  private static boolean served(String capability) {
    return dhii.runtime().dispatcher()
      .invoke(CallRequest.of(capability, new JsonObject().put("text", "probe")))
      .toCompletionStage().toCompletableFuture().handle((ok, e) -> ok != null).join();
  }

  private static HttpResponse<Buffer> post0(String capability) {
    try {
      return post(capability, new JsonObject().put("text", "probe"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aV1PythonPluginRunsUnchangedBehindTheLegacyForm() throws Exception {
    assertEquals(PluginState.READY, dhii.runtime().registry().plugin("legacy-greeter").state(),
      String.valueOf(dhii.runtime().registry().plugin("legacy-greeter").cause()));
    JsonObject greeting = dhii.runtime().dispatcher().invoke(CallRequest.builder("greeter.greet", new JsonObject().put("name", "Ada"))
      .userId("ada").build()).await(10, TimeUnit.SECONDS).output();
    assertEquals(new JsonObject().put("success", true).put("greeting", "Hello, Ada!"), greeting);
    // requires_auth from v1 is enforced by the kernel
    HttpResponse<Buffer> anonymous = post("greeter.greet", new JsonObject().put("name", "Ada"));
    assertEquals(401, anonymous.statusCode(), anonymous.bodyAsString());
    // v1 reports failures in its results; they are passed on as they are, as for Java v1 dhii.pluginDir()
    JsonObject failed = dhii.runtime().dispatcher().invoke(CallRequest.of("greeter.fail", new JsonObject())).await(10, TimeUnit.SECONDS).output();
    assertEquals(false, failed.getBoolean("success"));
    HttpResponse<Buffer> bug = post("greeter.crash", new JsonObject());
    assertEquals(500, bug.statusCode(), bug.bodyAsString());
  }

  @Test
  void aProcessAboveItsMemoryBoundIsKilledAndStartedAgain() throws Exception {
    long before = pid("hog");
    assertTrue(served("hog.echo"), "served before");
    HttpResponse<Buffer> hog = post("hog.hog", new JsonObject());
    // killed well before its 10 s deadline (which would answer TIMEOUT), with the reason
    assertEquals(502, hog.statusCode(), hog.bodyAsString());
    assertTrue(hog.bodyAsString().contains("above maxMemoryMb 64"), hog.bodyAsString());
    Await.until(() -> served("hog.echo"), Duration.ofSeconds(15), "the process is started again and serves");
    assertNotEquals(before, pid("hog"));
  }

  @Test
  void processesThatCannotStartOrNeverAnnounceFailOnlyTheirPlugin() {
    PluginRecord missing = dhii.runtime().registry().plugin("missing");
    assertEquals(PluginState.FAILED, missing.state());
    assertTrue(missing.cause().contains("before announcing"), missing.cause());
    // with what the process printed last: the interpreter's own reason
    assertTrue(missing.cause().contains("no_such_script.py"), missing.cause());
    PluginRecord silent = dhii.runtime().registry().plugin("silent");
    assertEquals(PluginState.FAILED, silent.state());
    assertTrue(silent.cause().contains("did not announce its capabilities within 1500 ms"), silent.cause());
  }

  @Test
  void disablingAPluginStopsItsProcessAndEnablingStartsANewOne() throws Exception {
    Await.until(() -> served("py.echo"), Duration.ofSeconds(15), "py is serving");
    long pid = pid("py");
    HttpResponse<Buffer> disabled = dhii.http().post("/v1/plugins/py/disable").putHeader("authorization", dhii.admin()).send().await(30, TimeUnit.SECONDS);
    assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
    Await.until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), Duration.ofSeconds(10),
      "the process of a disabled plugin exits");
    HttpResponse<Buffer> enabled = dhii.http().post("/v1/plugins/py/enable").putHeader("authorization", dhii.admin()).send().await(30, TimeUnit.SECONDS);
    assertEquals(200, enabled.statusCode(), enabled.bodyAsString());
    assertEquals(200, post("py.echo", new JsonObject().put("text", "again")).statusCode());
    assertNotEquals(pid, pid("py"));
  }
}
