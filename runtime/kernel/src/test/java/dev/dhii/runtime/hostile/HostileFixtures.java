package dev.dhii.runtime.hostile;

import dev.dhii.runtime.DhiiRuntime;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the plugin-fault, sandbox and secure-default hostile cases share. */
final class HostileFixtures {

  private HostileFixtures() {
  }

  /** @return whether bubblewrap can make namespaces here (the sandbox cases need it) */
  static boolean bubblewrap() {
    try {
      Process p = new ProcessBuilder("bwrap", "--ro-bind", "/", "/", "--unshare-pid", "--unshare-net", "true")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Writes a process plugin serving {@code probe_plugin.py}.
   *
   * @param plugins the plugin directory root
   * @param id the plugin id, also its capabilities' prefix ({@code <id>.run}, {@code .stuck}, {@code .echo},
   *           {@code .crash})
   * @param permissions the manifest's permissions
   * @param extra more manifest members (resources, env, ...)
   */
  static void probePlugin(Path plugins, String id, List<String> permissions, JsonObject extra) throws IOException {
    Path dir = plugins.resolve(id);
    Files.createDirectories(dir);
    try (InputStream in = HostileFixtures.class.getResourceAsStream("/hostile/probe_plugin.py")) {
      Files.copy(in, dir.resolve("probe_plugin.py"));
    }
    JsonObject manifest = new JsonObject().put("id", id).put("name", id).put("version", "1.0.0").put("apiVersion", 2)
      .put("runtime", "process").put("command", new JsonArray().add("python3").add("probe_plugin.py"))
      .put("capabilities", new JsonArray().add(id + ".run").add(id + ".stuck").add(id + ".echo").add(id + ".crash"))
      .put("config", new JsonObject().put("prefix", id))
      .put("permissions", new JsonArray(permissions))
      .put("resources", new JsonObject().put("timeoutMs", 5000))
      .put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))
        .put("circuitBreaker", new JsonObject().put("minimumCalls", 1000).put("windowSize", 1000)));
    if (extra != null) {
      manifest.mergeIn(extra, true);
    }
    Files.writeString(dir.resolve("manifest.json"), manifest.encodePrettily());
  }

  /** @return the runtime answers {@code /health/live} with 200, within a second */
  static void assertLive(WebClient http) throws Exception {
    long start = System.nanoTime();
    HttpResponse<Buffer> live = http.get("/health/live").send().await(5, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, live.statusCode(), live.bodyAsString());
    assertTrue(ms < 1000, "/health/live took " + ms + " ms");
  }

  /** @return an HTTP POST of a JSON body, with an optional Authorization header */
  static HttpResponse<Buffer> post(WebClient http, String path, JsonObject body, String authorization) throws Exception {
    var request = http.post(path).putHeader("content-type", "application/json");
    if (authorization != null) {
      request.putHeader("authorization", authorization);
    }
    return request.sendBuffer(body.toBuffer()).await(30, TimeUnit.SECONDS);
  }

  /** @return the error code of a typed error body (DESIGN §7) */
  static String code(HttpResponse<Buffer> response) {
    JsonObject body = response.bodyAsJsonObject();
    assertTrue(body != null && body.getJsonObject("error") != null, "not the error body: " + response.bodyAsString());
    return body.getJsonObject("error").getString("code");
  }

  /** @return the runtime's listing entry of a plugin */
  static JsonObject plugin(DhiiRuntime runtime, String id) {
    return runtime.registry().plugin(id).toJson();
  }
}
