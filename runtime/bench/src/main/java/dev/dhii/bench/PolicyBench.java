package dev.dhii.bench;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./dhii bench --mode policies}: the cost of each policy. The same {@code echo.echo} over HTTP
 * against runtimes that differ only in their {@code dispatch} switches and telemetry: the bare core (no
 * policy, no telemetry), the core plus one policy, and everything on. Each runtime has its own Vert.x
 * instance in this JVM; measurements interleave round by round.
 */
final class PolicyBench {

  private record Variant(String name, JsonObject dispatch, boolean telemetry) {
  }

  private PolicyBench() {
  }

  static void run(double seconds, int rounds, int concurrency) throws Exception {
    JsonObject off = new JsonObject().put("breaker", false).put("bulkhead", false).put("retry", false).put("rateLimit", false);
    List<Variant> variants = List.of(
      new Variant("core: no policy, no telemetry", off, false),
      new Variant("core + breaker", off.copy().put("breaker", true), false),
      new Variant("core + bulkhead", off.copy().put("bulkhead", true), false),
      new Variant("core + retry", off.copy().put("retry", true), false),
      new Variant("core + rate limit", off.copy().put("rateLimit", true), false),
      new Variant("core + telemetry", off, true),
      new Variant("full: every policy + telemetry", new JsonObject(), true));
    Map<String, HttpClient> clients = new LinkedHashMap<>();
    List<Vertx> instances = new ArrayList<>();
    List<DhiiRuntime> runtimes = new ArrayList<>();
    Vertx loadVertx = Vertx.vertx();
    for (Variant v : variants) {
      RuntimeOptions options = new RuntimeOptions(new JsonObject().put("dispatch", v.dispatch())
        .put("telemetry", new JsonObject().put("tracing", v.telemetry()).put("metrics", v.telemetry())))
        .applyEnvironment(System.getenv()).setHttpPort(0).setTcpBridgeEnabled(false);
      Telemetry telemetry = Telemetry.create(options.telemetry());
      Vertx vertx = VertxFactory.create(options, telemetry, false).await(60, TimeUnit.SECONDS);
      DhiiRuntime runtime = DhiiRuntime.start(vertx, options, telemetry).await(60, TimeUnit.SECONDS);
      instances.add(vertx);
      runtimes.add(runtime);
      clients.put(v.name(), Load.httpClient(loadVertx, runtime.httpPort(), concurrency));
    }
    JsonObject input = new JsonObject().put("text", "hello, dhii").put("n", 42);
    System.out.printf("dhii bench --mode policies: HTTP echo.echo, %d connections, %.0f s per measurement, %d rounds%n",
      concurrency, seconds, rounds);
    for (var e : clients.entrySet()) {
      Load.run(loadVertx, e.getKey(), concurrency, Math.min(3, seconds),
        Load.httpPost(e.getValue(), "/v1/capabilities/echo.echo/invoke", input)).await(120, TimeUnit.SECONDS);
    }
    Map<String, List<LoadResult>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (var e : clients.entrySet()) {
        LoadResult r = Load.run(loadVertx, e.getKey(), concurrency, seconds,
          Load.httpPost(e.getValue(), "/v1/capabilities/echo.echo/invoke", input)).await(120, TimeUnit.SECONDS);
        results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(r);
        System.out.println("round " + round + "  " + r);
      }
    }
    System.out.println();
    System.out.println("medians (throughput and p99 against the bare core):");
    LoadResult core = null;
    for (var e : results.entrySet()) {
      List<LoadResult> list = e.getValue();
      list.sort((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
      LoadResult m = list.get(list.size() / 2);
      if (core == null) {
        core = m;
      }
      System.out.printf("  %s   x%.2f throughput, x%.2f p99%n", m, m.opsPerSecond() / core.opsPerSecond(),
        m.percentileMillis(99) / core.percentileMillis(99));
    }
    System.out.println("targets: full >= x0.85 throughput and <= x1.20 p99 of the core");
    for (DhiiRuntime runtime : runtimes) {
      runtime.stop().await(30, TimeUnit.SECONDS);
    }
    for (Vertx vertx : instances) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
