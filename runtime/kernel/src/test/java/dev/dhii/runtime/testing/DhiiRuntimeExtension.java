package dev.dhii.runtime.testing;

import dev.dhii.runtime.DhiiRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real runtime for a test class or a test: HTTP and the TCP bridge on free ports of 127.0.0.1, a
 * temporary plugin folder (written by {@link Builder#plugins}) with the data directory inside it, a
 * Vert.x whose blocked-thread checker fails the test when an event loop is held (see {@link BlockedLoops}),
 * and a clean stop: the runtime drained, Vert.x closed, the folder removed.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
 *     .plugins(dir -> TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo"), null))
 *     .conf(new JsonObject().put("tcpBridge", new JsonObject().put("enabled", false)))
 *     .build();
 * }</pre>
 *
 * A static field gives one runtime for the class (started before {@code @BeforeAll} methods run, stopped
 * after {@code @AfterAll}); an instance field gives one per test. With {@link Builder#manual()} nothing is
 * started: the test calls {@link #start()} (after writing plugins of its own) and the extension still stops it.
 */
public final class DhiiRuntimeExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  /** Writes plugins into the plugin folder before the runtime starts. */
  @FunctionalInterface
  public interface PluginWriter {
    /** @param dir the plugin folder @throws Exception any failure, which fails the test */
    void write(Path dir) throws Exception;
  }

  private static final int BIND_ATTEMPTS = 3;

  private final PluginWriter plugins;
  private final Function<Path, JsonObject> conf;
  private final long startSeconds;
  private final boolean manual;
  private final Consumer<DhiiRuntime> started;
  private final long waitMs;
  private final long busyMs;
  private final java.util.function.Supplier<dev.dhii.runtime.telemetry.Telemetry> telemetry;
  private dev.dhii.runtime.telemetry.Telemetry current;
  private boolean perClass;
  private Path dir;
  private BlockedLoops loops;
  private DhiiRuntime runtime;
  private WebClient client;

  private DhiiRuntimeExtension(Builder builder) {
    this.plugins = builder.plugins;
    this.conf = builder.conf;
    this.startSeconds = builder.startSeconds;
    this.manual = builder.manual;
    this.started = builder.started;
    this.waitMs = builder.waitMs;
    this.busyMs = builder.busyMs;
    this.telemetry = builder.telemetry;
  }

  /**
   * @return a test Vert.x alone, with the tight blocked-thread checker, no runtime started (per class or per
   *         test, as the field is static or not)
   */
  public static DhiiRuntimeExtension vertxOnly() {
    return builder().manual().build();
  }

  /** @return a builder: no plugins, the test defaults of {@link TestRuntime#options} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    prepare();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      prepare();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    } else if (loops != null) {
      loops.check();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void prepare() throws Exception {
    dir = Files.createTempDirectory("dhii-plugins");
    plugins.write(dir);
    loops = newVertx();
    if (!manual) {
      start();
    }
  }

  /**
   * Starts the runtime on the plugin folder as it is now (called by the extension unless built
   * {@link Builder#manual()}).
   *
   * <p>The runtime binds HTTP on a port it probes first (DhiiRuntime.freePort), so another process may take
   * that port before the bind: such a start is retried on a fresh Vert.x, a few times.
   *
   * @return the runtime
   */
  public DhiiRuntime start() {
    return start(null);
  }

  /**
   * @param more configuration merged over the built one, for what the test makes first (certificates, ports)
   * @return the runtime, started as {@link #start()} does
   */
  public DhiiRuntime start(JsonObject more) {
    if (runtime != null) {
      throw new IllegalStateException("The runtime is already started");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        JsonObject overrides = conf.apply(dir);
        if (more != null) {
          overrides = overrides == null ? more.copy() : overrides.mergeIn(more, true);
        }
        runtime = current == null ? TestRuntime.start(loops.vertx(), dir, overrides, startSeconds)
          : TestRuntime.start(loops.vertx(), dir, overrides, current, startSeconds);
        started.accept(runtime);
        return runtime;
      } catch (IllegalStateException e) {
        if (attempt == BIND_ATTEMPTS || !bindFailure(e)) {
          throw e;
        }
        closeVertx();
        loops = newVertx();
      }
    }
  }

  private static boolean bindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops the runtime (drained), closes Vert.x and removes the plugin folder; then fails if an event loop
   * was blocked. Safe to call twice.
   */
  public void close() {
    try {
      if (runtime != null) {
        runtime.stop().await(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("The runtime did not stop: " + e, e);
    } finally {
      runtime = null;
      client = null;
      BlockedLoops closing = loops;
      closeVertx();
      delete(dir);
      dir = null;
      if (closing != null) {
        closing.check();
      }
    }
  }

  /** @return a test Vert.x: built by VertxFactory with a fresh telemetry when the builder gave one */
  private BlockedLoops newVertx() {
    if (telemetry == null) {
      return BlockedLoops.create(waitMs, busyMs);
    }
    current = telemetry.get();
    return BlockedLoops.create(waitMs, busyMs, TestRuntime.options(dir, null), current);
  }

  private void closeVertx() {
    if (loops == null) {
      return;
    }
    try {
      loops.vertx().close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Vert.x did not close: " + e, e);
    } finally {
      loops = null;
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }

  /** @return the running runtime */
  public DhiiRuntime runtime() {
    if (runtime == null) {
      throw new IllegalStateException("The runtime is not started");
    }
    return runtime;
  }

  /** @return the test Vert.x (the runtime's) */
  public Vertx vertx() {
    return loops.vertx();
  }

  /** @return the blocked-thread record of the test Vert.x */
  public BlockedLoops blockedLoops() {
    return loops;
  }

  /** @return the HTTP bridge's port on 127.0.0.1 */
  public int httpPort() {
    return runtime().httpPort();
  }

  /** @return the TCP bridge's port on 127.0.0.1 */
  public int tcpPort() {
    return runtime().tcpBridgePort();
  }

  /** @return the plugin folder */
  public Path pluginDir() {
    return dir;
  }

  /** @return the plugins' data directory ({@code <plugin folder>/data} unless the configuration says otherwise) */
  public Path dataDir() {
    return runtime().options().dataDirectory();
  }

  /** @return an {@code Authorization} header value with an admin token the runtime accepts */
  public String admin() {
    return TestRuntime.admin(runtime());
  }

  /** @return a web client for the HTTP bridge (127.0.0.1 and its port by default), closed with Vert.x */
  public synchronized WebClient http() {
    if (client == null) {
      client = WebClient.create(vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(httpPort()));
    }
    return client;
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + dir, e);
    }
  }

  /** How the runtime is made. */
  public static final class Builder {

    private PluginWriter plugins = dir -> { };
    private Function<Path, JsonObject> conf = dir -> null;
    private long startSeconds = 30;
    private boolean manual;
    private Consumer<DhiiRuntime> started = runtime -> { };
    private long waitMs = BlockedLoops.MAX_EVENT_LOOP_MS;
    private long busyMs = BlockedLoops.MAX_BUSY_EVENT_LOOP_MS;
    private java.util.function.Supplier<dev.dhii.runtime.telemetry.Telemetry> telemetry;

    private Builder() {
    }

    /**
     * The runtime runs with telemetry of the test's (an SDK with an in-memory exporter, other options) on a
     * Vert.x built by {@code VertxFactory} with it: HTTP and event bus spans, Vert.x's worker-pool and
     * event-loop metrics, and the tight blocked-thread checker. A new one for each Vert.x, closed after it.
     *
     * @param telemetry makes the telemetry
     * @return this
     */
    public Builder telemetry(java.util.function.Supplier<dev.dhii.runtime.telemetry.Telemetry> telemetry) {
      this.telemetry = telemetry;
      return this;
    }

    /** @param writer writes the plugins into the folder before each start @return this */
    public Builder plugins(PluginWriter writer) {
      this.plugins = writer;
      return this;
    }

    /** @param overrides configuration merged over the test defaults @return this */
    public Builder conf(JsonObject overrides) {
      this.conf = dir -> overrides == null ? null : overrides.copy();
      return this;
    }

    /** @param overrides configuration that depends on the plugin folder @return this */
    public Builder conf(Function<Path, JsonObject> overrides) {
      this.conf = overrides;
      return this;
    }

    /** @param seconds how long starting may take (every plugin loaded, one after the other) @return this */
    public Builder startSeconds(long seconds) {
      this.startSeconds = seconds;
      return this;
    }

    /** @return this: the test calls {@link DhiiRuntimeExtension#start()} itself */
    public Builder manual() {
      this.manual = true;
      return this;
    }

    /** @param then what to do with each runtime once it has started (a warm-up request) @return this */
    public Builder started(Consumer<DhiiRuntime> then) {
      this.started = then;
      return this;
    }

    /**
     * @param waitMs how long an event loop may wait in one task (default {@link BlockedLoops#MAX_EVENT_LOOP_MS})
     * @param busyMs how long it may stay runnable (default {@link BlockedLoops#MAX_BUSY_EVENT_LOOP_MS})
     * @return this
     */
    public Builder blockedLoopLimits(long waitMs, long busyMs) {
      this.waitMs = waitMs;
      this.busyMs = busyMs;
      return this;
    }

    /** @return the extension */
    public DhiiRuntimeExtension build() {
      return new DhiiRuntimeExtension(this);
    }
  }
}
