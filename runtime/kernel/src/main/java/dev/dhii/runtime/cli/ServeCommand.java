package dev.dhii.runtime.cli;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.kernel.PluginWatcher;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code dhii serve}: starts the runtime and runs until SIGTERM / Ctrl-C, then unloads plugins in reverse order. */
@Command(name = "serve", description = "Run the runtime until SIGTERM or Ctrl-C (HTTP on 127.0.0.1:8080 and the TCP"
  + " bridge on 127.0.0.1:7000 unless configured otherwise).")
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  /**
   * A system property: when {@code true}, serve starts, stops as soon as it is started (1 minute at most) and exits,
   * 0 if it was ready (what {@code GET /health/ready} answers 200 for), 1 if not, after asking its own
   * {@code /health/ready} once. The launcher's class-data training run ({@code ./dhii}).
   */
  static final String EXIT_WHEN_READY = "dhii.serve.exitWhenReady";

  @Option(names = "--conf", paramLabel = "FILE", description = "The configuration (default: conf/runtime.json of the dhii home).")
  String conf;
  @Option(names = "--host", paramLabel = "HOST", description = "The HTTP host to listen on.")
  String host;
  @Option(names = "--port", paramLabel = "PORT", description = "The HTTP port (0: a free one).")
  String port;
  @Option(names = "--plugins", paramLabel = "DIR", split = ",", description = "Plugin directories, comma-separated or repeated.")
  List<String> plugins;
  @Option(names = "--watch", description = "Redeploy a plugin when the files in its directory change.")
  boolean watch;
  @Option(names = "--cluster", description = "Join the Hazelcast cluster of conf/cluster.xml.")
  boolean cluster;
  @Option(names = "--tcp-port", paramLabel = "PORT", description = "The TCP bridge port (0: a free one).")
  String tcpPort;

  /**
   * @return the configuration of {@code conf} (or the default one) with the environment and the given options applied
   * @throws UsageException if a file or an option is invalid
   */
  static RuntimeOptions options(String conf, String host, String port, String tcpPort, List<String> plugins) {
    RuntimeOptions options;
    try {
      options = conf != null ? RuntimeOptions.fromFile(Path.of(conf)) : new RuntimeOptions();
      options.applyEnvironment(System.getenv());
      if (host != null) {
        options.setHttpHost(host);
      }
      if (port != null) {
        options.setHttpPort(RuntimeOptions.parsePort(port, "--port"));
      }
      if (tcpPort != null) {
        options.setTcpBridgePort(RuntimeOptions.parsePort(tcpPort, "--tcp-port"));
      }
      if (plugins != null) {
        // options are the user's words: relative to the working directory, not to the runtime's home
        options.setPluginDirectories(plugins.stream().map(String::trim)
          .filter(d -> !d.isEmpty()).map(d -> Path.of(d).toAbsolutePath().normalize().toString()).toList());
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return options;
  }

  /**
   * serve's options read without picocli, whose classes (compiled for Java 5) the class-data archive cannot hold:
   * about 0.15 s of every start on 2 cores. Only the plain forms: {@code --conf}, {@code --host}, {@code --port},
   * {@code --tcp-port} with a value ({@code --port 0} or {@code --port=0}; the last one given wins), {@code --plugins}
   * repeated or comma-separated, {@code --watch} and {@code --cluster}.
   *
   * @param args the arguments after {@code serve}
   * @return the command with its fields set as picocli would set them (a test holds the two equal), or null for
   *         anything else (help, an unknown option, a missing value, a value that looks like an option), which
   *         picocli answers with its help and errors
   */
  static ServeCommand plain(String[] args) {
    ServeCommand command = new ServeCommand();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (name.equals("--watch") || name.equals("--cluster")) {
        if (eq >= 0) {
          return null;
        }
        command.watch |= name.equals("--watch");
        command.cluster |= name.equals("--cluster");
        continue;
      }
      if (!name.equals("--conf") && !name.equals("--host") && !name.equals("--port") && !name.equals("--tcp-port")
          && !name.equals("--plugins")) {
        return null;
      }
      String value = eq >= 0 ? arg.substring(eq + 1) : ++i < args.length ? args[i] : null;
      if (value == null || value.isEmpty() || value.startsWith("-")) {
        return null;
      }
      switch (name) {
        case "--conf" -> command.conf = value;
        case "--host" -> command.host = value;
        case "--port" -> command.port = value;
        case "--tcp-port" -> command.tcpPort = value;
        default -> {
          if (value.startsWith(",") || value.endsWith(",") || value.contains(",,")) {
            return null;
          }
          if (command.plugins == null) {
            command.plugins = new java.util.ArrayList<>();
          }
          command.plugins.addAll(List.of(value.split(",")));
        }
      }
    }
    return command;
  }

  /**
   * Runs serve as picocli would, for {@link #plain}'s command: a usage error (a bad port, an unreadable file) is
   * null, for picocli to answer with its message and hint.
   *
   * @return the exit code, or null
   */
  Integer callPlain() {
    RuntimeOptions options;
    try {
      options = options(conf, host, port, tcpPort, plugins);
    } catch (UsageException e) {
      return null;
    }
    try {
      return serve(options);
    } catch (RuntimeException e) {
      // picocli's execution handler's line and code
      System.err.println(CliConventions.failure("dhii serve", e));
      return CliConventions.FAILED;
    }
  }

  @Override
  public Integer call() {
    return serve(options(conf, host, port, tcpPort, plugins));
  }

  private int serve(RuntimeOptions options) {
    boolean clustered = cluster;
    boolean exitWhenReady = Boolean.getBoolean(EXIT_WHEN_READY);
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
      runtime = DhiiRuntime.start(vertx, options, telemetry).await(exitWhenReady ? 1 : 5, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.error("dhii failed to start: {}", e.getMessage(), e);
      vertx.close();
      telemetry.close();
      return 1;
    }
    LOG.info("dhii serving on http://{}:{} (plugin directories {})", options.httpHost(), runtime.httpPort(),
      options.pluginDirectories());
    if (exitWhenReady) {
      int code = ready(runtime);
      askReady(vertx, options.httpHost(), runtime.httpPort());
      return stop(vertx, runtime, options, telemetry, code);
    }
    if (watch) {
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
      stop(vertx, runtime, options, telemetry, 0);
      stopped.countDown();
    }, "dhii-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** @return 0 if every enabled plugin is READY (the plugins' start is over once the runtime is started), else 1 */
  private static int ready(DhiiRuntime runtime) {
    List<String> notReady = runtime.registry().notReady();
    if (!notReady.isEmpty()) {
      LOG.warn("dhii not ready: plugin(s) {} not READY", notReady);
      return 1;
    }
    return 0;
  }

  /**
   * One {@code GET /health/ready} over loopback, as a first caller would make it: under the launcher's training run
   * the class-data archive then holds the classes of a request's path as well, which the first answer of every
   * start would load otherwise. Its failure is logged, not fatal: the archive is only less complete.
   */
  private static void askReady(Vertx vertx, String host, int port) {
    String url = RuntimeRescan.url(host, port) + "/health/ready";
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000));
    try {
      int status = client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode())))
        .timeout(10, TimeUnit.SECONDS)
        .await(15, TimeUnit.SECONDS);
      LOG.info("dhii: GET /health/ready answered {}", status);
    } catch (Exception e) {
      LOG.warn("dhii: GET {} failed: {}", url, e.getMessage());
    } finally {
      client.close();
    }
  }

  /** Unloads the plugins, closes Vert.x and the telemetry: on SIGTERM or Ctrl-C, or at once under {@link #EXIT_WHEN_READY}. */
  private static int stop(Vertx vertx, DhiiRuntime runtime, RuntimeOptions options, Telemetry telemetry, int code) {
    LOG.info("dhii stopping: unloading plugins");
    try {
      runtime.stop().await(options.drainTimeoutMs() + 2 * options.stepTimeoutMs(), TimeUnit.MILLISECONDS);
      // not chained on stop(): the close's completion cannot run on an event loop that close() terminated
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("dhii did not stop cleanly: {}", e.toString());
    }
    telemetry.close(); // flushes the spans still buffered for export
    return code;
  }
}
