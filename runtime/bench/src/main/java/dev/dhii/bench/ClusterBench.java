package dev.dhii.bench;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code ./dhii bench --cluster}: two clustered runtimes in this JVM (Hazelcast on 127.0.0.1, a cluster
 * of their own): node A serves {@code echo.echo}, node B serves nothing. Measures the same call made on
 * A (local) and on B (cross-node: B's event bus or B's HTTP bridge, A does the work), interleaved round
 * by round, and prints the medians and the cross-node / local ratios. {@link #runNodes}: three serving nodes
 * against one.
 */
final class ClusterBench {

  /** A measured call and the node whose event loop drives it. */
  private record Case(Vertx driver, Supplier<Future<?>> call) {
  }

  private ClusterBench() {
  }

  static void run(double seconds, int rounds, int concurrency) throws Exception {
    String name = "dhii-bench-" + UUID.randomUUID();
    int portA = freePort();
    int portB = freePort();
    RuntimeOptions optionsA = options(name, portA, portB, portA, null);
    RuntimeOptions optionsB = options(name, portA, portB, portB, List.of());
    Vertx a = VertxFactory.create(optionsA, dev.dhii.runtime.telemetry.Telemetry.create(optionsA.telemetry()), true).await(2, TimeUnit.MINUTES);
    Vertx b = VertxFactory.create(optionsB, dev.dhii.runtime.telemetry.Telemetry.create(optionsB.telemetry()), true).await(2, TimeUnit.MINUTES);
    DhiiRuntime serving = DhiiRuntime.start(a, optionsA).await(60, TimeUnit.SECONDS);
    DhiiRuntime other = DhiiRuntime.start(b, optionsB).await(60, TimeUnit.SECONDS);
    if (serving.registry().route("echo.echo") == null) {
      throw new IllegalStateException("echo.echo is not served: build the plugins first (./dhii builds them)");
    }
    JsonObject input = new JsonObject().put("text", "hello, dhii").put("n", 42);
    HttpClient httpA = Load.httpClient(b, serving.httpPort(), concurrency);
    HttpClient httpB = Load.httpClient(b, other.httpPort(), concurrency);
    String address = Addresses.capability("echo.echo");
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("local: event bus of node A", new Case(a, () -> a.eventBus().request(address, input)));
    cases.put("cross-node: event bus of node B", new Case(b, () -> b.eventBus().request(address, input)));
    cases.put("local: HTTP invoke on node A", new Case(b, Load.httpPost(httpA, "/v1/capabilities/echo.echo/invoke", input)));
    cases.put("cross-node: HTTP invoke on node B", new Case(b, Load.httpPost(httpB, "/v1/capabilities/echo.echo/invoke", input)));

    System.out.printf("dhii bench --cluster: node A %s serves echo.echo, node B %s; %d in flight, %.0f s per measurement, "
      + "%d rounds, %d cores%n", serving.nodeId(), other.nodeId(), concurrency, seconds, rounds,
      Runtime.getRuntime().availableProcessors());
    for (var entry : cases.entrySet()) { // warm-up, not reported
      Load.run(entry.getValue().driver(), entry.getKey(), concurrency, Math.min(3, seconds), entry.getValue().call())
        .await(120, TimeUnit.SECONDS);
    }
    Map<String, List<LoadResult>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (var entry : cases.entrySet()) {
        LoadResult r = Load.run(entry.getValue().driver(), entry.getKey(), concurrency, seconds, entry.getValue().call())
          .await(120, TimeUnit.SECONDS);
        results.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(r);
        System.out.println("round " + round + "  " + r);
      }
    }
    System.out.println();
    System.out.println("medians:");
    List<LoadResult> m = new ArrayList<>();
    results.values().forEach(list -> {
      list.sort((x, y) -> Double.compare(x.opsPerSecond(), y.opsPerSecond()));
      m.add(list.get(list.size() / 2));
      System.out.println("  " + list.get(list.size() / 2));
    });
    System.out.printf("ratio cross-node / local, event bus: %.2f throughput, p50 %.2f ms vs %.2f ms%n",
      m.get(1).opsPerSecond() / m.get(0).opsPerSecond(), m.get(1).percentileMillis(50), m.get(0).percentileMillis(50));
    System.out.printf("ratio cross-node / local, HTTP:      %.2f throughput, p50 %.2f ms vs %.2f ms%n",
      m.get(3).opsPerSecond() / m.get(2).opsPerSecond(), m.get(3).percentileMillis(50), m.get(2).percentileMillis(50));
    other.stop().await(30, TimeUnit.SECONDS);
    serving.stop().await(30, TimeUnit.SECONDS);
    b.close().await(30, TimeUnit.SECONDS);
    a.close().await(30, TimeUnit.SECONDS);
  }

  /**
   * {@code ./dhii bench --mode nodes}: the aggregate throughput of three clustered runtimes that each serve
   * {@code echo.echo}, against one. A fourth runtime that serves nothing is the caller, as a service in the cluster
   * would be: its event bus spreads the calls over every node serving the capability. Each count of nodes is a
   * cluster of its own, started, measured (a warm-up, then {@code rounds} runs) and stopped in turn, in this JVM.
   */
  static void runNodes(double seconds, int rounds, int concurrency) throws Exception {
    System.out.printf("dhii bench --mode nodes: 1 and 3 clustered runtimes serving echo.echo, called from a fourth "
      + "member's event bus; %d in flight, %.0f s per measurement, %d rounds, %d cores, one JVM%n", concurrency, seconds,
      rounds, Runtime.getRuntime().availableProcessors());
    LoadResult one = nodes(1, seconds, rounds, concurrency);
    LoadResult three = nodes(3, seconds, rounds, concurrency);
    System.out.println();
    System.out.println("medians:");
    System.out.println("  " + one);
    System.out.println("  " + three);
    System.out.printf("ratio 3 nodes / 1 node: %.2f throughput, cpu %.2f vs %.2f us/call%n",
      three.opsPerSecond() / one.opsPerSecond(), three.cpuMicrosPerCall(), one.cpuMicrosPerCall());
  }

  /** Starts {@code serving} runtimes with the bundled plugins and a caller, measures, stops them; the median. */
  private static LoadResult nodes(int serving, double seconds, int rounds, int concurrency) throws Exception {
    String name = "dhii-bench-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i <= serving; i++) {
      ports.add(freePort());
    }
    List<Vertx> vertxes = new ArrayList<>();
    List<DhiiRuntime> runtimes = new ArrayList<>();
    try {
      for (int i = 0; i <= serving; i++) {
        boolean caller = i == serving;
        RuntimeOptions options = options(name, ports, ports.get(i), caller ? List.of() : null);
        Vertx vertx = VertxFactory.create(options, dev.dhii.runtime.telemetry.Telemetry.create(options.telemetry()), true)
          .await(2, TimeUnit.MINUTES);
        vertxes.add(vertx);
        runtimes.add(DhiiRuntime.start(vertx, options).await(60, TimeUnit.SECONDS));
      }
      if (runtimes.get(0).registry().route("echo.echo") == null) {
        throw new IllegalStateException("echo.echo is not served: build the plugins first (./dhii builds them)");
      }
      Vertx caller = vertxes.get(serving);
      JsonObject input = new JsonObject().put("text", "hello, dhii").put("n", 42);
      String address = Addresses.capability("echo.echo");
      String label = serving + (serving == 1 ? " node serving" : " nodes serving") + ", a member calling";
      Supplier<Future<?>> call = () -> caller.eventBus().request(address, input);
      // warm-up, not reported: 10 s, or the measurement's length when that is shorter (the JIT compiles the path)
      Load.run(caller, label, concurrency, Math.min(10, Math.max(seconds, 1)), call).await(120, TimeUnit.SECONDS);
      List<LoadResult> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        LoadResult r = Load.run(caller, label, concurrency, seconds, call).await(120, TimeUnit.SECONDS);
        results.add(r);
        System.out.println("round " + round + "  " + r);
      }
      results.sort((x, y) -> Double.compare(x.opsPerSecond(), y.opsPerSecond()));
      return results.get(results.size() / 2);
    } finally {
      for (int i = runtimes.size() - 1; i >= 0; i--) {
        runtimes.get(i).stop().await(30, TimeUnit.SECONDS);
      }
      for (int i = vertxes.size() - 1; i >= 0; i--) {
        vertxes.get(i).close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The defaults (and DHII_* environment) on a cluster of two members of 127.0.0.1; no TCP bridge. */
  private static RuntimeOptions options(String name, int portA, int portB, int port, List<String> pluginDirs) {
    return options(name, List.of(portA, portB), port, pluginDirs);
  }

  /** The defaults (and DHII_* environment) on a cluster of the members of 127.0.0.1 on these ports; no TCP bridge. */
  private static RuntimeOptions options(String name, List<Integer> ports, int port, List<String> pluginDirs) {
    JsonArray members = new JsonArray();
    ports.forEach(p -> members.add("127.0.0.1:" + p));
    RuntimeOptions options = new RuntimeOptions(new JsonObject().put("cluster", new JsonObject().put("name", name)
        .put("members", members)
        .put("host", "127.0.0.1").put("port", port)
        .put("properties", new JsonObject().put("hazelcast.wait.seconds.before.join", "0"))))
      .applyEnvironment(System.getenv()).setHttpPort(0).setTcpBridgeEnabled(false);
    if (pluginDirs != null) {
      options.setPluginDirectories(pluginDirs);
    }
    return options;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
