package dev.dhii.runtime.process;

import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginState;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process plugin served by a pool of processes ({@code resources.processes}), real Python processes with the
 * SDK: calls spread over every process, each process is supervised on its own (one that exits is started again
 * while the others serve), and the manifest's bound is checked.
 */
class ProcessPoolTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    write(plugins, "pool", 3);
    write(plugins, "toomany", 65);
  }).conf(new JsonObject().put("process", new JsonObject().put("readyTimeoutMs", 10_000))
    // three Python processes start at once: more than the test default of 2 s on a busy machine
    .put("lifecycle", new JsonObject().put("stepTimeoutMs", 20_000))).build();

  private static void write(Path plugins, String id, int processes) throws IOException {
    Path dir = plugins.resolve(id);
    Files.createDirectories(dir);
    try (InputStream in = ProcessPoolTest.class.getResourceAsStream("/process/pool_plugin.py")) {
      Files.copy(in, dir.resolve("pool_plugin.py"));
    }
    JsonObject manifest = new JsonObject().put("id", id).put("name", id).put("version", "1.0.0").put("apiVersion", 2)
      .put("runtime", "process").put("command", new JsonArray().add("python3").add("pool_plugin.py"))
      .put("capabilities", new JsonArray().add("pool.who").add("pool.exit"))
      .put("resources", new JsonObject().put("processes", processes).put("timeoutMs", 5000))
      .put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))
        .put("circuitBreaker", new JsonObject().put("minimumCalls", 1000).put("windowSize", 1000)));
    Files.writeString(dir.resolve("manifest.json"), manifest.encodePrettily());
  }

  private static Future<HttpResponse<Buffer>> post(String capability) {
    return dhii.http().post("/v1/capabilities/" + capability + "/invoke").putHeader("content-type", "application/json")
      .sendBuffer(Buffer.buffer("{}"));
  }

  private static Map<String, Integer> spread(int calls) throws Exception {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      sent.add(post("pool.who"));
    }
    Future.all(sent).await(30, TimeUnit.SECONDS);
    Map<String, Integer> served = new TreeMap<>();
    for (Future<HttpResponse<Buffer>> call : sent) {
      assertEquals(200, call.result().statusCode(), call.result().bodyAsString());
      served.merge(call.result().bodyAsJsonObject().getJsonObject("result").getString("instance"), 1, Integer::sum);
    }
    return served;
  }

  @Test
  void callsSpreadOverEveryProcessOfThePool() throws Exception {
    PluginRecord record = dhii.runtime().registry().plugin("pool");
    assertEquals(PluginState.READY, record.state());
    List<Long> pids = record.host().processPids();
    assertEquals(3, pids.size(), pids.toString());
    assertEquals(3, new HashSet<>(pids).size(), "three processes: " + pids);
    Map<String, Integer> served = spread(90);
    assertEquals(3, served.size(), served.toString());
    served.values().forEach(count -> assertTrue(count >= 10, "each process takes a share: " + served));
  }

  @Test
  void aProcessThatExitsIsStartedAgainWhileTheOthersServe() throws Exception {
    PluginRecord record = dhii.runtime().registry().plugin("pool");
    Await.until(() -> !record.host().processPids().contains(-1L), Duration.ofSeconds(20), "every process of pool running");
    Set<Long> before = new HashSet<>(record.host().processPids());
    HttpResponse<Buffer> crashed = post("pool.exit").await(15, TimeUnit.SECONDS);
    assertEquals("NETWORK", crashed.bodyAsJsonObject().getJsonObject("error").getString("code"), crashed.bodyAsString());
    // the other two go on serving at once
    Map<String, Integer> meanwhile = spread(20);
    assertTrue(meanwhile.size() >= 2, meanwhile.toString());
    // and the one that exited is back, as a new process
    Await.until(() -> !record.host().processPids().contains(-1L) && !before.containsAll(record.host().processPids()),
      Duration.ofSeconds(20), "the exited process of pool started again");
    Set<Long> after = new HashSet<>(record.host().processPids());
    assertEquals(3, after.size());
    after.retainAll(before);
    assertEquals(2, after.size(), "only the process that exited was replaced");
    Await.until(() -> {
      try {
        return spread(30).size() == 3;
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(20), "the restarted process of pool serving");
  }

  @Test
  void moreProcessesThanTheBoundIsAManifestError() {
    assertEquals(null, dhii.runtime().registry().plugin("toomany"));
    String rejected = dhii.runtime().registry().rejectedJson().encode();
    assertTrue(rejected.contains("/resources/processes: 65 is greater than 64"), rejected);
  }
}
