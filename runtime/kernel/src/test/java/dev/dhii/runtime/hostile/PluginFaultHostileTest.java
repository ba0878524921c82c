package dev.dhii.runtime.hostile;

import dev.dhii.runtime.kernel.OwnedTempDirs;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Python process faults, kernel side: handlers that ignore cancellation (overrunning, DEGRADED, the
 * process recycled without losing other calls), a process dying mid-call, bad input, and temporary
 * directories left by a killed runtime. Each case ends by checking the server still answers promptly.
 */
class PluginFaultHostileTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    // recycled at 2 overrunning calls, with room for a third that is within its deadline
    HostileFixtures.probePlugin(plugins, "stuck", List.of(), new JsonObject().put("resources",
      new JsonObject().put("maxConcurrency", 3).put("timeoutMs", 10_000)));
    HostileFixtures.probePlugin(plugins, "faulty", List.of(), null);
  }).conf(new JsonObject().put("process", new JsonObject().put("recycleOverrunning", 2))).build();
  /** A second dhii.runtime(), with the default recycling bound (a process's concurrency). */
  @RegisterExtension
  static final DhiiRuntimeExtension slow = DhiiRuntimeExtension.builder().plugins(plugins ->
    // recycled only at 8 overrunning calls (its concurrency): its overrunning calls stay counted
    HostileFixtures.probePlugin(plugins, "slowpoke", List.of(), new JsonObject().put("resources",
      new JsonObject().put("maxConcurrency", 8)))).build();

  private static Future<HttpResponse<Buffer>> call(String capability, JsonObject input, long timeoutMs) {
    WebClient client = capability.startsWith("slowpoke.") ? slow.http() : dhii.http();
    return client.post("/v1/capabilities/" + capability + "/invoke").putHeader("content-type", "application/json")
      .putHeader("x-timeout-ms", Long.toString(timeoutMs)).sendBuffer(input.toBuffer());
  }

  private static long pid(String plugin) {
    return dhii.runtime().registry().plugin(plugin).host().processPid();
  }

  @Test
  void overrunningCallsGetTheProcessRecycledWithoutLosingTheOthers() throws Exception {
    long before = pid("stuck");
    // within its deadline, on the process that will be replaced: it must finish there
    Future<HttpResponse<Buffer>> patient = call("stuck.stuck", new JsonObject().put("seconds", 2.5), 9_000);
    long start = System.nanoTime();
    HttpResponse<Buffer> first = call("stuck.stuck", new JsonObject().put("seconds", 60), 300).await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> second = call("stuck.stuck", new JsonObject().put("seconds", 60), 300).await(10, TimeUnit.SECONDS);
    assertEquals(504, first.statusCode(), first.bodyAsString());
    assertEquals("TIMEOUT", HostileFixtures.code(second));
    assertTrue((System.nanoTime() - start) / 1_000_000 < 3_000, "answered at their deadlines");
    // counted as overrunning, then replaced
    Await.until(() -> pid("stuck") != before && pid("stuck") > 0, Duration.ofSeconds(15), "a replacement process");
    HttpResponse<Buffer> served = call("stuck.echo", new JsonObject().put("text", "after"), 5_000).await(10, TimeUnit.SECONDS);
    assertEquals(200, served.statusCode(), served.bodyAsString());
    HttpResponse<Buffer> finished = patient.await(15, TimeUnit.SECONDS);
    assertEquals(200, finished.statusCode(), "the call within its deadline is not lost: " + finished.bodyAsString());
    Await.until(() -> ProcessHandle.of(before).map(p -> !p.isAlive()).orElse(true), Duration.ofSeconds(10),
      "the replaced process is killed");
    Await.until(() -> dhii.runtime().registry().plugin("stuck").host().overrunning() == 0, Duration.ofSeconds(10),
      "its overrunning calls went with it");
    HostileFixtures.assertLive(dhii.http());
  }

  @ParameterizedTest(name = "a handler ignoring a {0} ms deadline is answered TIMEOUT and counted")
  @ValueSource(longs = {150, 250, 400, 600})
  void aHandlerThatIgnoresItsDeadlineIsOverrunning(long deadline) throws Exception {
    long start = System.nanoTime();
    HttpResponse<Buffer> late = call("slowpoke.stuck", new JsonObject().put("seconds", 4), deadline).await(10, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(504, late.statusCode(), late.bodyAsString());
    assertEquals("TIMEOUT", HostileFixtures.code(late));
    assertTrue(ms < deadline + 1_500, "answered at its deadline, not the handler's end: " + ms + " ms");
    Await.until(() -> slow.runtime().registry().plugin("slowpoke").host().overrunning() > 0, Duration.ofSeconds(5),
      "counted as overrunning");
    JsonObject health = slow.http().get("/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    JsonObject check = health.getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(c -> c.getString("id").equals("slowpoke")).findFirst().orElseThrow();
    // DEGRADED or back UP if its handlers finished meanwhile; never DOWN for overrunning calls
    assertNotEquals("DOWN", check.getJsonObject("data").getString("status"), check.encode());
    HttpResponse<Buffer> served = call("slowpoke.echo", new JsonObject().put("text", "still"), 5_000).await(10, TimeUnit.SECONDS);
    assertEquals(200, served.statusCode(), served.bodyAsString());
    HostileFixtures.assertLive(slow.http());
  }

  @Test
  void overrunningCallsAreShownAndMakeThePluginDegraded() throws Exception {
    call("slowpoke.stuck", new JsonObject().put("seconds", 5), 200).await(10, TimeUnit.SECONDS);
    Await.until(() -> {
      JsonObject listing = HostileFixtures.plugin(slow.runtime(), "slowpoke");
      return listing.getJsonObject("calls").getInteger("overrunning") > 0;
    }, Duration.ofSeconds(5), "the listing shows it");
    JsonObject check = slow.http().get("/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("checks")
      .stream().map(JsonObject.class::cast).filter(c -> c.getString("id").equals("slowpoke")).findFirst().orElseThrow();
    assertEquals("DEGRADED", check.getJsonObject("data").getString("status"), check.encode());
    HostileFixtures.assertLive(slow.http());
  }

  @Test
  void aProcessExitingMidCallFailsThatCallOnceAndIsRestarted() throws Exception {
    long before = pid("faulty");
    HttpResponse<Buffer> crashed = call("faulty.crash", new JsonObject(), 5_000).await(10, TimeUnit.SECONDS);
    assertEquals(502, crashed.statusCode(), crashed.bodyAsString());
    assertEquals("NETWORK", HostileFixtures.code(crashed));
    assertFalse(crashed.bodyAsString().contains("java."), crashed.bodyAsString());
    Await.until(() -> {
      try {
        return call("faulty.echo", new JsonObject().put("text", "x"), 3_000).await(10, TimeUnit.SECONDS).statusCode() == 200;
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      }
    }, Duration.ofSeconds(15), "restarted and serving");
    assertNotEquals(before, pid("faulty"));
    HostileFixtures.assertLive(dhii.http());
  }

  static Stream<JsonObject> badInputs() {
    return Stream.of(new JsonObject(), new JsonObject().put("text", 1), new JsonObject().putNull("text"),
      new JsonObject().put("text", new io.vertx.core.json.JsonArray()), new JsonObject().put("text", new JsonObject()),
      new JsonObject().put("text", true), new JsonObject().put("text", "a").put("extra", 1),
      new JsonObject().put("other", "x"), new JsonObject().put("text", 1.5), new JsonObject().put("TEXT", "a"),
      new JsonObject().put("text", "a").putNull("x"), new JsonObject().put("text", -0.0),
      new JsonObject().put("text", new io.vertx.core.json.JsonArray().add("a")), new JsonObject().put("text", Long.MAX_VALUE),
      new JsonObject().put("text", "a").put("text2", "b"), new JsonObject().put("", "a"));
  }

  @ParameterizedTest(name = "input {0} is refused before the process")
  @MethodSource("badInputs")
  void badInputNeverReachesTheProcess(JsonObject input) throws Exception {
    long before = pid("faulty");
    HttpResponse<Buffer> refused = call("faulty.echo", input, 3_000).await(10, TimeUnit.SECONDS);
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertEquals("VALIDATION", HostileFixtures.code(refused));
    assertEquals(before, pid("faulty"), "the process is untouched");
    HostileFixtures.assertLive(dhii.http());
  }

  @ParameterizedTest(name = "{0} answers NOT_FOUND")
  @ValueSource(strings = {"faulty.nope", "faulty", "faulty.echo.more", "stuck.calls", "faulty.ECHO"})
  void capabilitiesAProcessDidNotAnnounceAreNotFound(String capability) throws Exception {
    HttpResponse<Buffer> missing = call(capability, new JsonObject(), 3_000).await(10, TimeUnit.SECONDS);
    assertEquals(404, missing.statusCode(), missing.bodyAsString());
    assertEquals("NOT_FOUND", HostileFixtures.code(missing));
    HostileFixtures.assertLive(dhii.http());
  }

  // --- temporary directories of a killed dhii.runtime() ---

  private static Path dir(Path tmp, String name, String owner) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("bridge.sock"), "");
    Files.createDirectories(dir.resolve("nested")).resolve("0-plugin.jar").toFile().createNewFile();
    if (owner != null) {
      Files.writeString(dir.resolve(OwnedTempDirs.OWNER), owner);
    }
    return dir;
  }

  /** A pid that is not running: one past the highest running, checked. */
  private static long deadPid() {
    long pid = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(100) + 1000;
    while (ProcessHandle.of(pid).isPresent()) {
      pid++;
    }
    return pid;
  }

  static Stream<String[]> tempDirs() {
    long self = ProcessHandle.current().pid();
    long started = ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    long dead = deadPid();
    return Stream.of(
      new String[] {"dhii-tcp-bridge1", dead + " 1700000000000", "removed"},
      new String[] {"dhii-echo-g3-17", dead + " 0", "removed"},
      new String[] {"dhii-tcp-bridge2", self + " " + (started + 5_000), "removed"}, // pid reused by another process
      new String[] {"dhii-tcp-bridge3", self + " " + started, "kept"},
      new String[] {"dhii-tcp-bridge4", null, "kept"},
      new String[] {"dhii-tcp-bridge5", "not an owner line", "kept"},
      new String[] {"dhii-tcp-bridge6", "12 34 56", "kept"},
      new String[] {"other-tcp-bridge", dead + " 0", "kept"});
  }

  @ParameterizedTest(name = "{0} owned by [{1}] is {2}")
  @MethodSource("tempDirs")
  void aKilledRuntimesTemporaryDirectoriesAreRemovedAtTheNextStart(String name, String owner, String expected,
                                                                  @TempDir Path tmp) throws Exception {
    Path dir = dir(tmp, name, owner);
    OwnedTempDirs.sweep(tmp);
    assertEquals(expected.equals("kept"), Files.exists(dir), name);
    HostileFixtures.assertLive(dhii.http());
  }

  @Test
  void thisRuntimesOwnTemporaryDirectoriesAreMarkedAndKept() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    OwnedTempDirs.sweep();
    try (Stream<Path> list = Files.list(tmp)) {
      List<Path> ours = list.filter(p -> p.getFileName().toString().startsWith("dhii-tcp-bridge")
        && Files.exists(p.resolve(OwnedTempDirs.OWNER))).toList();
      assertFalse(ours.isEmpty(), "the running bridge's socket directory is marked");
    }
    HttpResponse<Buffer> served = call("faulty.echo", new JsonObject().put("text", "x"), 3_000).await(10, TimeUnit.SECONDS);
    assertEquals(200, served.statusCode(), "the sweep left the running runtime's socket alone: " + served.bodyAsString());
    HostileFixtures.assertLive(dhii.http());
  }
}
