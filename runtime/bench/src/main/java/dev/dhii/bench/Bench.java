package dev.dhii.bench;

import dev.dhii.runtime.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.kernel.PluginRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code ./dhii bench [--seconds S] [--rounds R] [--concurrency C] [--cluster]}: measures {@code echo.echo}
 * through the runtime over the in-process event bus and over HTTP, beside the raw Vert.x baselines, in one
 * JVM and one run, interleaving the measurements round by round, and prints the medians and ratios. With
 * {@code --cluster}, compares local and cross-node calls on two clustered runtimes instead
 * ({@link ClusterBench}).
 */
public final class Bench {

  private Bench() {
  }

  /** @param args flags @throws Exception on failure */
  public static void main(String[] args) throws Exception {
    Map<String, String> flags = flags(args);
    double seconds = Double.parseDouble(flags.getOrDefault("seconds", "8"));
    int rounds = Integer.parseInt(flags.getOrDefault("rounds", "3"));
    int concurrency = Integer.parseInt(flags.getOrDefault("concurrency", "64"));
    if (flags.containsKey("cluster")) {
      ClusterBench.run(seconds, rounds, concurrency);
      System.exit(0);
    }

    Vertx vertx = Vertx.vertx();
    RuntimeOptions options = new RuntimeOptions().applyEnvironment(System.getenv()).setHttpPort(0).setTcpBridgeEnabled(false);
    DhiiRuntime runtime = DhiiRuntime.start(vertx, options).await(60, TimeUnit.SECONDS);
    PluginRegistry.Route echo = runtime.registry().route("echo.echo");
    if (echo == null) {
      throw new IllegalStateException("echo.echo is not served: build the plugins first (./dhii builds them)");
    }
    int poolSize = echo.policies().limits().workerPoolSize();
    int barePort = freePort();
    Baselines.deployRawWorker(vertx, poolSize).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(() -> new Baselines.BareHttp(barePort, echo.binding().capability().inputSchema(),
        echo.binding().capability().outputSchema()),
      new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())).await(10, TimeUnit.SECONDS);

    JsonObject input = new JsonObject().put("text", "hello, dhii").put("n", 42);
    HttpClient dhiiClient = Load.httpClient(vertx, runtime.httpPort(), concurrency);
    HttpClient bareClient = Load.httpClient(vertx, barePort, concurrency);
    Map<String, Supplier<Future<?>>> cases = new LinkedHashMap<>();
    cases.put("raw event bus -> worker verticle", () -> vertx.eventBus().request(Baselines.RAW_ADDRESS, input));
    cases.put("dhii event bus dhii.cap.echo.echo", () -> vertx.eventBus().request(Addresses.capability("echo.echo"), input));
    cases.put("bare HTTP route + hop + schemas", Load.httpPost(bareClient, "/bare", input));
    cases.put("dhii HTTP invoke echo.echo", Load.httpPost(dhiiClient, "/v1/capabilities/echo.echo/invoke", input));

    System.out.printf("dhii bench: %d connections/in-flight, %.0f s per measurement, %d rounds, %d cores%n",
      concurrency, seconds, rounds, Runtime.getRuntime().availableProcessors());
    for (var entry : cases.entrySet()) { // warm-up, not reported
      Load.run(vertx, entry.getKey(), concurrency, Math.min(3, seconds), entry.getValue()).await(120, TimeUnit.SECONDS);
    }
    Map<String, List<LoadResult>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (var entry : cases.entrySet()) {
        LoadResult r = Load.run(vertx, entry.getKey(), concurrency, seconds, entry.getValue()).await(120, TimeUnit.SECONDS);
        results.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(r);
        System.out.println("round " + round + "  " + r);
      }
    }
    System.out.println();
    System.out.println("medians:");
    Map<String, LoadResult> median = new LinkedHashMap<>();
    results.forEach((name, list) -> {
      list.sort((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
      median.put(name, list.get(list.size() / 2));
      System.out.println("  " + list.get(list.size() / 2));
    });
    List<LoadResult> m = new ArrayList<>(median.values());
    System.out.printf("ratio in-process dispatch / raw request-reply: %.2f (target >= 0.80)%n",
      m.get(1).opsPerSecond() / m.get(0).opsPerSecond());
    System.out.printf("ratio HTTP invoke / bare Vert.x Web route:     %.2f (target >= 0.85)%n",
      m.get(3).opsPerSecond() / m.get(2).opsPerSecond());
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf("memory after the run: RSS %s MB (this JVM: runtime + load generator), heap used after GC %d MB%n",
      rssMb(), (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    runtime.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static String rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.toString(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // not on Linux
    }
    return "?";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--cluster")) {
        flags.put("cluster", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        flags.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("Usage: dhii bench [--seconds S] [--rounds R] [--concurrency C] [--cluster]");
      }
    }
    return flags;
  }
}
