package dev.dhii.runtime.cli;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.kernel.PluginWatcher;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code dhii serve}: starts the runtime and runs until SIGTERM / Ctrl-C, then unloads plugins in reverse order. */
final class ServeCommand {

  static final Set<String> FLAGS = Set.of("conf", "host", "port", "plugins", "watch?", "cluster?", "tcp-port");
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  private ServeCommand() {
  }

  static RuntimeOptions options(Flags flags) {
    RuntimeOptions options;
    try {
      options = flags.has("conf") ? RuntimeOptions.fromFile(Path.of(flags.get("conf"))) : new RuntimeOptions();
      options.applyEnvironment(System.getenv());
      if (flags.has("host")) {
        options.setHttpHost(flags.get("host"));
      }
      if (flags.has("port")) {
        options.setHttpPort(RuntimeOptions.parsePort(flags.get("port"), "--port"));
      }
      if (flags.has("tcp-port")) {
        options.setTcpBridgePort(RuntimeOptions.parsePort(flags.get("tcp-port"), "--tcp-port"));
      }
      if (flags.has("plugins")) {
        // flags are the user's words: relative to the working directory, not to the runtime's home
        options.setPluginDirectories(Arrays.stream(flags.get("plugins").split(",")).map(String::trim)
          .filter(d -> !d.isEmpty()).map(d -> Path.of(d).toAbsolutePath().normalize().toString()).toList());
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return options;
  }

  static int run(Flags flags) {
    RuntimeOptions options = options(flags);
    boolean clustered = flags.has("cluster") && !"false".equals(flags.get("cluster"));
    Telemetry telemetry;
    try {
      telemetry = Telemetry.create(options.telemetry());
    } catch (RuntimeException e) {
      LOG.error("dhii failed to set up telemetry (check the OTEL_* variables): {}", e.getMessage(), e);
      return 1;
    }
    Vertx vertx;
    try {
      vertx = VertxFactory.create(options, telemetry, clustered).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.error("dhii failed to start Vert.x: {}", e.getMessage(), e);
      telemetry.close();
      return 1;
    }
    DhiiRuntime runtime;
    try {
      runtime = DhiiRuntime.start(vertx, options, telemetry).await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.error("dhii failed to start: {}", e.getMessage(), e);
      vertx.close();
      telemetry.close();
      return 1;
    }
    LOG.info("dhii serving on http://{}:{} (plugin directories {})", options.httpHost(), runtime.httpPort(),
      options.pluginDirectories());
    if (flags.has("watch")) {
      try {
        PluginWatcher.start(vertx, runtime.kernel(), runtime.registry());
      } catch (java.io.IOException e) {
        LOG.error("--watch: cannot watch the plugin directories: {}", e.getMessage());
      }
    }
    if (clustered) {
      LOG.info("dhii joined the cluster as node {} (members {})", runtime.nodeId(), options.clusterMembers());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("dhii stopping: unloading plugins");
      try {
        runtime.stop().await(options.drainTimeoutMs() + 2 * options.stepTimeoutMs(), TimeUnit.MILLISECONDS);
        // not chained on stop(): the close's completion cannot run on an event loop that close() terminated
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("dhii did not stop cleanly: {}", e.toString());
      }
      telemetry.close(); // flushes the spans still buffered for export
      stopped.countDown();
    }, "dhii-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
