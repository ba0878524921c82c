package dev.dhii.bench;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.cli.BenchCommand;
import dev.dhii.runtime.cli.Main;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.process.MemoryWatch;
import io.vertx.core.Context;
import dev.dhii.runtime.telemetry.Telemetry;
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
 * {@code ./dhii bench [--mode pipeline|policies|redeploy|cluster|nodes|plugins] [--seconds S] [--rounds R] [--concurrency C]
 * [--only NAME-PART]} (the options: {@link BenchCommand}, {@code ./dhii bench --help}): measures {@code echo.echo} through the runtime over the in-process event bus, over HTTP
 * and over WebSocket JSON-RPC (one connection with C calls in flight, and 16 connections with C / 16 each),
 * beside the raw Vert.x baselines, in one JVM and one run, interleaving the measurements round by round, and
 * prints the medians and ratios. The other modes: {@link PolicyBench}, {@link RedeployBench} and
 * {@link ClusterBench} (local and cross-node calls on two clustered runtimes, also {@code --cluster}; and
 * {@code nodes}: three serving runtimes against one).
 */
public final class Bench {

  /** Connections of the many-connections WebSocket case (each with concurrency / 16 calls in flight). */
  private static final int WS_CONNECTIONS = 16;

  private Bench() {
  }

  /**
   * One measured case.
   *
   * @param call starts one call
   * @param context the context the call's client runs on, or null for a new one
   * @param concurrency calls in flight, or 0 for the run's {@code --concurrency}
   */
  private record Case(Supplier<Future<?>> call, Context context, int concurrency) {
    Case(Supplier<Future<?>> call) {
      this(call, null, 0);
    }

    Future<LoadResult> run(Vertx vertx, String name, int defaultConcurrency, double seconds) {
      int n = concurrency > 0 ? concurrency : defaultConcurrency;
      return context == null ? Load.run(vertx, name, n, seconds, call) : Load.run(context, name, n, seconds, call);
    }
  }

  /** @param args the options of {@link BenchCommand}; {@code --help} prints them */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** @param args the options @return the exit code: 0 done, 1 the run failed, 2 usage error */
  static int run(String... args) {
    return Main.execute("dhii bench", new BenchCommand(Bench::measure), args);
  }

  private static int measure(BenchCommand flags) throws Exception {
    double seconds = flags.seconds(8);
    int rounds = flags.rounds();
    int concurrency = flags.concurrency();
    String mode = flags.mode();
    if (mode.equals("policies")) {
      PolicyBench.run(seconds, rounds, concurrency);
      return 0;
    } else if (mode.equals("redeploy")) {
      RedeployBench.run(flags.seconds(20), concurrency);
      return 0;
    } else if (mode.equals("cluster")) {
      ClusterBench.run(seconds, rounds, concurrency);
      return 0;
    } else if (mode.equals("plugins")) {
      PluginCountBench.run(seconds, rounds, concurrency);
      return 0;
    } else if (mode.equals("nodes")) {
      ClusterBench.runNodes(seconds, rounds, concurrency);
      return 0;
    } else if (!mode.equals("pipeline")) {
      throw flags.usageError("--mode is pipeline (default), policies, redeploy, cluster, nodes or plugins, not " + mode);
    }

    RuntimeOptions options = (flags.conf() != null ? RuntimeOptions.fromFile(java.nio.file.Path.of(flags.conf()))
      : new RuntimeOptions()).applyEnvironment(System.getenv()).setHttpPort(0).setTcpBridgeEnabled(false);
    // the same Vert.x and telemetry as `dhii serve` (tracing and metrics as conf/runtime.json says)
    Telemetry telemetry = Telemetry.create(options.telemetry());
    Vertx vertx = VertxFactory.create(options, telemetry, false).await(60, TimeUnit.SECONDS);
    DhiiRuntime runtime = DhiiRuntime.start(vertx, options, telemetry).await(60, TimeUnit.SECONDS);
    PluginRegistry.Route echo = runtime.registry().route("echo.echo");
    if (echo == null) {
      throw new IllegalStateException("echo.echo is not served: build the plugins first (./dhii builds them)");
    }
    int poolSize = echo.policies().limits().workerPoolSize();
    int barePort = freePort();
    Baselines.deployRawWorker(vertx, poolSize).await(10, TimeUnit.SECONDS);
    Baselines.deployBareHop(vertx, poolSize).await(10, TimeUnit.SECONDS);
    Baselines.deployValidatingWorker(vertx, poolSize, echo.binding().capability().inputSchema(),
      echo.binding().capability().outputSchema()).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(() -> new Baselines.BareHttp(barePort, echo.binding().capability().inputSchema(),
        echo.binding().capability().outputSchema()),
      new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())).await(10, TimeUnit.SECONDS);

    JsonObject input = new JsonObject().put("text", "hello, dhii").put("n", 42);
    HttpClient dhiiClient = Load.httpClient(vertx, runtime.httpPort(), concurrency);
    HttpClient bareClient = Load.httpClient(vertx, barePort, concurrency);
    int wsInFlight = Math.min(concurrency, options.webSocket().getMaxInFlight());
    int wsConnections = Math.max(1, Math.min(WS_CONNECTIONS, concurrency / 4));
    WsLoad wsOne = WsLoad.connect(vertx, runtime.httpPort(), 1).await(10, TimeUnit.SECONDS);
    WsLoad wsMany = WsLoad.connect(vertx, runtime.httpPort(), wsConnections).await(10, TimeUnit.SECONDS);
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("raw event bus -> worker verticle", new Case(() -> vertx.eventBus().request(Baselines.RAW_ADDRESS, input)));
    cases.put("raw event bus -> worker + schemas", new Case(() -> vertx.eventBus().request(Baselines.VALIDATED_ADDRESS, input)));
    cases.put("bare event bus hop: loop -> pool -> loop", new Case(() -> vertx.eventBus().request(Baselines.HOP_ADDRESS, input)));
    String echoAddress = Addresses.capability("echo.echo"); // built once, as the raw cases' addresses are
    cases.put("dhii event bus dhii.cap.echo.echo", new Case(() -> vertx.eventBus().request(echoAddress, input)));
    cases.put("bare HTTP route + hop + schemas", new Case(Load.httpPost(bareClient, "/bare", input)));
    cases.put("dhii HTTP invoke echo.echo", new Case(Load.httpPost(dhiiClient, "/v1/capabilities/echo.echo/invoke", input)));
    cases.put("dhii WS invoke, 1 conn x " + wsInFlight, new Case(wsOne.invoke("echo.echo", input), wsOne.context(), wsInFlight));
    int perConnection = Math.max(1, concurrency / wsConnections);
    cases.put("dhii WS invoke, " + wsConnections + " conns x " + perConnection,
      new Case(wsMany.invoke("echo.echo", input), wsMany.context(), wsConnections * perConnection));

    String only = flags.only();
    if (only != null) {
      cases.keySet().removeIf(name -> !name.contains(only));
    }
    System.out.printf("dhii bench: %d connections/in-flight, %.0f s per measurement, %d rounds, %d cores%n",
      concurrency, seconds, rounds, Runtime.getRuntime().availableProcessors());
    for (var entry : cases.entrySet()) { // warm-up, not reported
      entry.getValue().run(vertx, entry.getKey(), concurrency, Math.min(3, seconds)).await(120, TimeUnit.SECONDS);
    }
    Map<String, List<LoadResult>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (var entry : cases.entrySet()) {
        LoadResult r = entry.getValue().run(vertx, entry.getKey(), concurrency, seconds).await(120, TimeUnit.SECONDS);
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
    ratio(median, "dhii event bus", "raw event bus -> worker verticle", "in-process dispatch / raw request-reply", 0.80);
    ratio(median, "dhii event bus", "raw event bus -> worker + schemas", "in-process dispatch / raw + schemas", 0);
    ratio(median, "dhii event bus", "bare event bus hop", "in-process dispatch / bare hop (the floor)", 0.90);
    ratio(median, "dhii HTTP", "bare HTTP", "HTTP invoke / bare Vert.x Web route", 0.85);
    ratio(median, "dhii WS invoke, 1 conn", "dhii HTTP", "WS invoke (1 connection) / HTTP invoke", 0);
    ratio(median, "dhii WS invoke, " + wsConnections + " conns", "dhii HTTP", "WS invoke (" + wsConnections
      + " connections) / HTTP invoke", 0);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf("memory after the run: RSS %s MB (this JVM: runtime + load generator), heap used after GC %d MB%n",
      rssMb(), (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    wsOne.close().await(10, TimeUnit.SECONDS);
    wsMany.close().await(10, TimeUnit.SECONDS);
    runtime.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
    telemetry.close();
    return 0;
  }

  private static void ratio(Map<String, LoadResult> median, String ours, String base, String what, double target) {
    LoadResult a = find(median, ours);
    LoadResult b = find(median, base);
    if (a != null && b != null) {
      System.out.printf("ratio %-46s %.2f%s   (CPU per call %.2f / %.2f us)%n", what + ":", a.opsPerSecond() / b.opsPerSecond(),
        target > 0 ? String.format(" (target >= %.2f)", target) : "", a.cpuMicrosPerCall(), b.cpuMicrosPerCall());
    }
  }

  private static LoadResult find(Map<String, LoadResult> median, String prefix) {
    return median.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static String rssMb() {
    long kb = rssKb();
    return kb > 0 ? Long.toString(kb / 1024) : "?";
  }

  /** @return this process's resident memory in KiB (/proc/self/status), or 0 where there is none (not on Linux) */
  static long rssKb() {
    try {
      return MemoryWatch.residentKb(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException | NumberFormatException ignored) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
