package dev.dhii.bench;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginState;
import dev.dhii.runtime.process.PythonEnvironment;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * {@code ./dhii bench --mode plugins}: the cost of many plugins. Two plugin folders, one with a copy of the echo
 * plugin and one with {@value #PLUGINS} copies ({@code echo001} .. {@code echo100}, each serving
 * {@code <id>.echo} from its own copy of the echo jar). Each round starts a runtime on each folder as
 * {@code dhii serve} would (same Vert.x and telemetry, HTTP on an ephemeral port of 127.0.0.1, no TCP bridge),
 * times the start until every plugin is READY, measures in-process event-bus dispatch (to one plugin's
 * capability, and round robin over all of them, with the context switches per call), then heap after GC, RSS,
 * metaspace and threads with the runtime up, and stops the runtime and its Vert.x instance. A first round, shorter,
 * warms up: its starts are reported apart (the {@value #PLUGINS}-plugin one is the JVM's first: class loading,
 * JIT), its throughput not at all. RSS differences are memory per plugin only with the whole heap committed and
 * touched from the start ({@value #FIXED_HEAP}); otherwise the heap's own growth and shrinking swamps them.
 * Last, the same dispatch inside one runtime, the other 99 plugins added and removed by rescans between
 * alternated measurements ({@code inOneRuntime}).
 */
final class PluginCountBench {

  /** How many copies of the echo plugin the large folder holds. */
  static final int PLUGINS = 100;

  /** Heap options under which RSS differences are those outside the heap: all of it committed and touched at start. */
  static final String FIXED_HEAP = "-Xms1g -Xmx1g -XX:+AlwaysPreTouch";

  private static final JsonObject INPUT = new JsonObject().put("text", "hello, dhii").put("n", 42);

  /** What one runtime measured in one round. */
  private record Sample(double readyMs, Map<String, LoadResult> loads, Map<String, Double> switches, double heapMb,
                        double heapCommittedMb, double rssMb, double metaspaceMb, int threadsAtReady, int threads,
                        int pluginThreads) {
  }

  private PluginCountBench() {
  }

  static void run(double seconds, int rounds, int concurrency) throws Exception {
    Path home = Path.of(System.getProperty("dhii.home", ".")).toAbsolutePath().normalize();
    Path echo = home.resolve("manifests/echo");
    if (!Files.isRegularFile(echo.resolve("echo-plugin.jar"))) {
      throw new IllegalStateException("manifests/echo/echo-plugin.jar is missing: build the plugins first (./dhii builds them)");
    }
    Path work = Files.createTempDirectory("dhii-bench-plugins-");
    try {
      Map<Integer, List<String>> folders = new LinkedHashMap<>();
      // the large folder first: its first start is the JVM's first, as a `dhii serve` of it is
      folders.put(PLUGINS, writeCopies(echo, work.resolve("plugins-" + PLUGINS), PLUGINS));
      folders.put(1, writeCopies(echo, work.resolve("plugins-1"), 1));
      System.out.printf("dhii bench --mode plugins: 1 and %d copies of the echo plugin, in-process event bus, %d in flight,"
        + " %.0f s per measurement, %d rounds after a warm-up round, %d cores%n", PLUGINS, concurrency, seconds, rounds,
        Runtime.getRuntime().availableProcessors());
      Map<Integer, List<Sample>> samples = new LinkedHashMap<>();
      Map<Integer, Sample> first = new LinkedHashMap<>();
      for (int round = 0; round <= rounds; round++) {
        double length = round == 0 ? Math.min(3, seconds) : seconds;
        List<Integer> order = new ArrayList<>(folders.keySet());
        if (round % 2 == 0 && round > 0) {
          java.util.Collections.reverse(order); // each runtime first every other round: no order bias in the medians
        }
        for (int count : order) {
          Sample s = measure(work.resolve("plugins-" + count), work.resolve("data-" + count), folders.get(count),
            concurrency, length);
          if (round == 0) {
            first.put(count, s);
            System.out.printf("warm-up  %3d plugin(s): ready in %.0f ms%n", count, s.readyMs());
            continue;
          }
          samples.computeIfAbsent(count, k -> new ArrayList<>()).add(s);
          System.out.printf("round %d  %3d plugin(s): ready in %.0f ms; heap %.1f MB (committed %.0f), RSS %.0f MB,"
            + " metaspace %.1f MB, threads %d at ready, %d after the calls (%d of plugin pools)%n", round, count, s.readyMs(),
            s.heapMb(), s.heapCommittedMb(), s.rssMb(), s.metaspaceMb(), s.threadsAtReady(), s.threads(), s.pluginThreads());
          s.loads().forEach((k, r) -> System.out.printf("         %s   %.1f context switches/call%n", r, s.switches().get(k)));
        }
      }
      report(first, samples);
      inOneRuntime(echo, work.resolve("alternating"), work.resolve("data-alternating"), PLUGINS, concurrency,
        Math.min(3, seconds), 2 * rounds);
      System.out.printf("threads after the last runtime stopped: %d%n", threads());
    } finally {
      PythonEnvironment.deleteTree(work);
    }
  }

  /** Starts a runtime on {@code plugins}, checks every plugin READY and routed, measures it, stops it. */
  private static Sample measure(Path plugins, Path data, List<String> ids, int concurrency, double seconds) throws Exception {
    Served served = Served.start(plugins, data);
    DhiiRuntime runtime = served.runtime();
    Vertx vertx = runtime.vertx();
    double readyMs = served.readyMs();
    try {
      expectReady(runtime, ids);
      List<String> addresses = new ArrayList<>();
      for (String id : ids) {
        addresses.add(Addresses.capability(id + ".echo"));
      }
      Map<String, LoadResult> loads = new LinkedHashMap<>();
      String one = addresses.get(0);
      String name = ids.size() + " loaded: ";
      int threadsAtReady = threads();
      // steady state before measuring: the start's garbage (and the last runtime's classes) collected, a second of
      // calls to compile what the new plugins' classes run
      System.gc();
      Load.run(vertx, "settle", concurrency, Math.min(1, seconds), () -> vertx.eventBus().request(one, INPUT))
        .await(120, TimeUnit.SECONDS);
      Map<String, Double> switches = new LinkedHashMap<>();
      long before = contextSwitches();
      loads.put("one", compact(Load.run(vertx, name + "one plugin " + ids.get(0) + ".echo", concurrency, seconds,
        () -> vertx.eventBus().request(one, INPUT)).await(120, TimeUnit.SECONDS)));
      switches.put("one", (contextSwitches() - before) / (double) loads.get("one").ops());
      if (ids.size() > 1) {
        before = contextSwitches();
        loads.put("all", compact(Load.run(vertx, name + "round robin over " + ids.size(), concurrency, seconds,
          roundRobin(vertx, addresses)).await(120, TimeUnit.SECONDS)));
        switches.put("all", (contextSwitches() - before) / (double) loads.get("all").ops());
      }
      System.gc();
      System.gc();
      Runtime rt = Runtime.getRuntime();
      double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
      int pluginThreads = (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("dhii-plugin-")).count();
      return new Sample(readyMs, loads, switches, heapMb, rt.totalMemory() / 1048576.0, Bench.rssKb() / 1024.0, metaspaceMb(), threadsAtReady, threads(),
        pluginThreads);
    } finally {
      served.stop();
    }
  }

  /** A runtime as {@code dhii serve} starts it, on a plugin folder, with how long it took to be ready. */
  private record Served(Telemetry telemetry, DhiiRuntime runtime, double readyMs) {

    static Served start(Path plugins, Path data) throws Exception {
      RuntimeOptions options = new RuntimeOptions(new JsonObject().put("plugins", new JsonObject()
          .put("dataDirectory", data.toString())))
        .applyEnvironment(System.getenv()).setHttpPort(0).setHttpHost("127.0.0.1").setTcpBridgeEnabled(false)
        .setPluginDirectories(List.of(plugins.toString()));
      // the same Vert.x and telemetry as `dhii serve` (tracing and metrics as the defaults say)
      Telemetry telemetry = Telemetry.create(options.telemetry());
      Vertx vertx = VertxFactory.create(options, telemetry, false).await(60, TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      DhiiRuntime runtime = DhiiRuntime.start(vertx, options, telemetry).await(120, TimeUnit.SECONDS);
      return new Served(telemetry, runtime, (System.nanoTime() - t0) / 1e6);
    }

    void stop() throws Exception {
      runtime.stop().await(60, TimeUnit.SECONDS);
      runtime.vertx().close().await(60, TimeUnit.SECONDS);
      telemetry.close();
    }
  }

  /**
   * The same comparison inside one runtime, without the JIT state of separate runtimes between the two sides: the
   * runtime serves {@code echo001} alone; each pair measures it so, moves {@code echo002..} into its plugin
   * folder and rescans (checked: {@code count} READY), measures it again, then moves them out and rescans
   * (checked: one left). Before each measurement, a GC and a wait for the JIT to be quiet.
   *
   * @return the median of the pairs' ratios, {@code count} loaded / 1 loaded
   */
  static double inOneRuntime(Path echo, Path root, Path data, int count, int concurrency, double seconds, int pairs)
      throws Exception {
    Path plugins = root.resolve("plugins");
    Path aside = root.resolve("aside");
    List<String> ids = writeCopies(echo, aside, count);
    Files.createDirectories(plugins);
    Files.move(aside.resolve(ids.get(0)), plugins.resolve(ids.get(0)));
    List<String> others = ids.subList(1, ids.size());
    Served served = Served.start(plugins, data);
    DhiiRuntime runtime = served.runtime();
    Vertx vertx = runtime.vertx();
    try {
      String one = Addresses.capability(ids.get(0) + ".echo");
      Supplier<Future<?>> call = () -> vertx.eventBus().request(one, INPUT);
      System.out.printf("%nin one runtime: %s.echo with 1 and with %d plugins loaded (rescans between), %d pairs of"
        + " %.1f s%n", ids.get(0), count, pairs, seconds);
      Load.run(vertx, "settle", concurrency, 2 * seconds, call).await(120, TimeUnit.SECONDS);
      double[] ratios = new double[pairs];
      double[] cpuRatios = new double[pairs];
      for (int pair = 0; pair < pairs; pair++) {
        LoadResult alone = steadyLoad(vertx, "1 loaded", concurrency, seconds, call);
        move(others, aside, plugins);
        runtime.kernel().rescan().await(120, TimeUnit.SECONDS);
        expectReady(runtime, ids);
        LoadResult loaded = steadyLoad(vertx, count + " loaded", concurrency, seconds, call);
        move(others, plugins, aside);
        runtime.kernel().rescan().await(120, TimeUnit.SECONDS);
        expectReady(runtime, ids.subList(0, 1));
        ratios[pair] = loaded.opsPerSecond() / alone.opsPerSecond();
        cpuRatios[pair] = alone.cpuMicrosPerCall() / loaded.cpuMicrosPerCall();
        System.out.printf("  pair %d: 1 loaded %.0f calls/s (%.2f us CPU a call), %d loaded %.0f calls/s (%.2f us):"
          + " %.2f%n", pair + 1, alone.opsPerSecond(), alone.cpuMicrosPerCall(), count, loaded.opsPerSecond(),
          loaded.cpuMicrosPerCall(), ratios[pair]);
      }
      java.util.Arrays.sort(ratios);
      java.util.Arrays.sort(cpuRatios);
      System.out.printf("ratio dispatch to one plugin in one runtime, %d loaded / 1 loaded: %.2f, the median of the"
        + " pairs (%.2f to %.2f; target >= 0.95); CPU per call 1 loaded / %d loaded: %.2f%n", count,
        ratios[pairs / 2], ratios[0], ratios[pairs - 1], count, cpuRatios[pairs / 2]);
      return ratios[pairs / 2];
    } finally {
      served.stop();
    }
  }

  /** A load measured after a GC and once the JIT has compiled nothing for 250 ms (20 s at most). */
  private static LoadResult steadyLoad(Vertx vertx, String name, int concurrency, double seconds,
                                       Supplier<Future<?>> call) throws Exception {
    System.gc();
    java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
      long until = System.nanoTime() + 20_000_000_000L;
      long last = jit.getTotalCompilationTime();
      while (System.nanoTime() < until) {
        Thread.sleep(250); // the bench's own main thread, not an event loop: it waits for the JIT, nothing else
        long now = jit.getTotalCompilationTime();
        if (now - last < 3) {
          break;
        }
        last = now;
      }
    }
    return Load.run(vertx, name, concurrency, seconds, call).await(120, TimeUnit.SECONDS);
  }

  private static void move(List<String> ids, Path from, Path to) throws IOException {
    for (String id : ids) {
      Files.move(from.resolve(id), to.resolve(id));
    }
  }

  /** Checks that exactly {@code ids} are discovered, each READY with its echo routed. */
  private static void expectReady(DhiiRuntime runtime, List<String> ids) {
    for (String id : ids) {
      PluginRecord record = runtime.registry().plugin(id);
      if (record == null || record.state() != PluginState.READY || runtime.registry().route(id + ".echo") == null) {
        throw new IllegalStateException("plugin " + id + " is not READY and routed: "
          + (record == null ? "not discovered" : record.state() + " " + record.toJson().getString("error", "")));
      }
    }
    if (runtime.registry().plugins().size() != ids.size()) {
      throw new IllegalStateException(runtime.registry().plugins().size() + " plugins discovered, expected " + ids.size());
    }
  }

  /**
   * The result with 1,001 of its latencies (its quantiles) instead of up to a million: the results kept for the
   * report would otherwise hold megabytes of heap while the next runtimes' heap is measured.
   */
  private static LoadResult compact(LoadResult r) {
    long[] sorted = r.latenciesNanos().clone();
    java.util.Arrays.sort(sorted);
    long[] quantiles = new long[sorted.length == 0 ? 0 : 1001];
    for (int i = 0; i < quantiles.length; i++) {
      quantiles[i] = sorted[(int) ((long) i * (sorted.length - 1) / 1000)];
    }
    return new LoadResult(r.name(), r.ops(), r.errors(), r.seconds(), quantiles, r.cpuNanos());
  }

  private static Supplier<Future<?>> roundRobin(Vertx vertx, List<String> addresses) {
    String[] all = addresses.toArray(String[]::new);
    AtomicInteger next = new AtomicInteger();
    return () -> vertx.eventBus().request(all[Math.floorMod(next.getAndIncrement(), all.length)], INPUT);
  }

  private static void report(Map<Integer, Sample> first, Map<Integer, List<Sample>> samples) {
    List<Sample> small = samples.get(1);
    List<Sample> large = samples.get(PLUGINS);
    System.out.println();
    System.out.println("medians of the rounds (the warm-up round's starts apart: the " + PLUGINS
      + "-plugin one is the JVM's first, with class loading and JIT):");
    System.out.printf("  %-44s %14s %14s%n", "", "1 plugin", PLUGINS + " plugins");
    System.out.printf("  %-44s %14.0f %14.0f%n", "ready, first start (ms)", first.get(1).readyMs(), first.get(PLUGINS).readyMs());
    System.out.printf("  %-44s %14.0f %14.0f%n", "ready, median of the rounds (ms)", median(small, Sample::readyMs),
      median(large, Sample::readyMs));
    double oneSmall = median(small, s -> s.loads().get("one").opsPerSecond());
    double oneLarge = median(large, s -> s.loads().get("one").opsPerSecond());
    double allLarge = median(large, s -> s.loads().get("all").opsPerSecond());
    System.out.printf("  %-44s %14.0f %14.0f%n", "dispatch to one plugin (calls/s)", oneSmall, oneLarge);
    System.out.printf("  %-44s %14s %14.0f%n", "dispatch round robin over all (calls/s)", "-", allLarge);
    System.out.printf("  %-44s %14.2f %14.2f%n", "CPU per call, one plugin (us)", median(small, s -> s.loads().get("one")
      .cpuMicrosPerCall()), median(large, s -> s.loads().get("one").cpuMicrosPerCall()));
    System.out.printf("  %-44s %14s %14.2f%n", "CPU per call, round robin (us)", "-", median(large, s -> s.loads().get("all")
      .cpuMicrosPerCall()));
    System.out.printf("  %-44s %14.1f %14.1f%n", "context switches per call, one plugin", median(small, s -> s.switches()
      .get("one")), median(large, s -> s.switches().get("one")));
    System.out.printf("  %-44s %14s %14.1f%n", "context switches per call, round robin", "-", median(large, s -> s.switches()
      .get("all")));
    double heapSmall = median(small, Sample::heapMb);
    double heapLarge = median(large, Sample::heapMb);
    double rssSmall = median(small, Sample::rssMb);
    double rssLarge = median(large, Sample::rssMb);
    double metaSmall = median(small, Sample::metaspaceMb);
    double metaLarge = median(large, Sample::metaspaceMb);
    System.out.printf("  %-44s %14.1f %14.1f%n", "heap used after GC (MB)", heapSmall, heapLarge);
    System.out.printf("  %-44s %14.0f %14.0f%n", "RSS of the JVM (MB)", rssSmall, rssLarge);
    System.out.printf("  %-44s %14.1f %14.1f%n", "metaspace used (MB)", metaSmall, metaLarge);
    System.out.printf("  %-44s %14.0f %14.0f%n", "threads of the process, at ready", median(small, s -> s.threadsAtReady()),
      median(large, s -> s.threadsAtReady()));
    System.out.printf("  %-44s %14.0f %14.0f%n", "threads of the process, after the calls", median(small, s -> s.threads()),
      median(large, s -> s.threads()));
    System.out.printf("  %-44s %14.0f %14.0f%n", "  plugin pool threads", median(small, s -> s.pluginThreads()),
      median(large, s -> s.pluginThreads()));
    System.out.printf("ratio dispatch to one plugin, %d loaded / 1 loaded:  %.2f of the medians, %.2f the median of the rounds'"
      + " (target >= 0.95)%n", PLUGINS, oneLarge / oneSmall, roundRatio(small, large, "one"));
    System.out.printf("ratio CPU per call to one plugin, 1 loaded / %d loaded: %.2f%n", PLUGINS,
      median(small, s -> s.loads().get("one").cpuMicrosPerCall()) / median(large, s -> s.loads().get("one").cpuMicrosPerCall()));
    System.out.printf("ratio dispatch round robin, %d loaded / 1 loaded:    %.2f of the medians, %.2f the median of the rounds'"
      + " (target >= 0.95)%n", PLUGINS, allLarge / oneSmall, roundRatio(small, large, "all"));
    System.out.printf("ready with %d plugins: %.0f ms (target <= 3000 ms)%n", PLUGINS, median(large, Sample::readyMs));
    int extra = PLUGINS - 1;
    System.out.printf("memory per extra plugin: heap %.0f KB, RSS %.0f KB%s, metaspace %.0f KB%n",
      (heapLarge - heapSmall) * 1024 / extra, (rssLarge - rssSmall) * 1024 / extra, heapFixed() ? " (outside the heap)"
        : " (not a figure: the heap grows and shrinks on its own; run with DHII_HEAP_OPTS=\"" + FIXED_HEAP + "\" for it)",
      (metaLarge - metaSmall) * 1024 / extra);
  }

  /** @return the median of each round's ratio (the two runtimes of a round ran one after the other: less drift) */
  private static double roundRatio(List<Sample> small, List<Sample> large, String load) {
    double[] ratios = new double[small.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = large.get(i).loads().get(load).opsPerSecond() / small.get(i).loads().get("one").opsPerSecond();
    }
    java.util.Arrays.sort(ratios);
    return ratios[ratios.length / 2];
  }

  private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
    double[] values = samples.stream().mapToDouble(value).sorted().toArray();
    return values[values.length / 2];
  }

  /**
   * Writes {@code count} copies of the echo plugin into {@code target}: folders {@code echo001}, {@code echo002}, ...,
   * each with the echo manifest under that id (name and capabilities renamed with it: {@code echo.echo} becomes
   * {@code echo001.echo}, which the echo plugin serves under that id) and a copy of the manifest's jars.
   *
   * @param echo the echo plugin's folder (manifest.json and its classpath)
   * @param target the plugin folder to fill (created)
   * @param count how many copies
   * @return the plugin ids, in order
   * @throws IOException if a file cannot be read or written
   */
  static List<String> writeCopies(Path echo, Path target, int count) throws IOException {
    JsonObject manifest = new JsonObject(Files.readString(echo.resolve("manifest.json")));
    String original = manifest.getString("id");
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = String.format("%s%03d", original, i);
      Path dir = Files.createDirectories(target.resolve(id));
      JsonArray capabilities = new JsonArray();
      for (Object capability : manifest.getJsonArray("capabilities")) {
        // a capability id starts with its plugin's id: echo.echo of echo is echo001.echo of echo001
        capabilities.add(id + String.valueOf(capability).substring(original.length()));
      }
      JsonObject copy = manifest.copy().put("id", id).put("name", manifest.getString("name") + " " + i)
        .put("capabilities", capabilities);
      for (Object entry : manifest.getJsonArray("classpath", new JsonArray())) {
        Path jar = dir.resolve(String.valueOf(entry));
        Files.createDirectories(jar.getParent());
        Files.copy(echo.resolve(String.valueOf(entry)), jar);
      }
      Files.writeString(dir.resolve("manifest.json"), copy.encodePrettily());
      ids.add(id);
    }
    return ids;
  }

  /** @return the process's threads (/proc/self/status), or the JVM's live threads where there is none */
  private static int threads() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring("Threads:".length()).trim());
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // not on Linux
    }
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** @return the context switches of every thread of the process so far (/proc/self/task), or 0 where there is none */
  private static long contextSwitches() {
    long sum = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
              sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | NumberFormatException ignored) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException ignored) {
      return 0; // not on Linux
    }
    return sum;
  }

  /** @return whether the whole heap is committed and touched (then RSS changes are outside the heap) */
  private static boolean heapFixed() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() >= rt.maxMemory()
      && ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
  }

  private static double metaspaceMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
      .mapToLong(p -> p.getUsage().getUsed()).sum() / 1048576.0;
  }
}
