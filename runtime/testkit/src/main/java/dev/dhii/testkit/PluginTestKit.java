package dev.dhii.testkit;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginState;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Dhii runtime, started in this JVM, serving the plugin under test: the plugin's own
 * {@code manifest.json} with its freshly compiled {@code target/classes} (or, without them, the jars its
 * classpath names). HTTP listens on a free port of 127.0.0.1, the TCP bridge is off, the data directory is
 * temporary; every call goes through the whole pipeline (schema validation both ways, deadline, breaker).
 *
 * <pre>{@code
 * class GreeterPluginTest {
 *   @RegisterExtension
 *   static final PluginTestKit dhii = PluginTestKit.forPlugin(Path.of("."));
 *
 *   @Test
 *   void greets() {
 *     assertEquals("Hello, Ada", dhii.invoke("greeter.hello", new JsonObject().put("name", "Ada")).getString("text"));
 *     PluginCallException bad = assertThrows(PluginCallException.class, () -> dhii.invoke("greeter.hello", new JsonObject()));
 *     assertEquals("VALIDATION", bad.code());
 *   }
 * }
 * }</pre>
 *
 * As a JUnit 5 extension in a static field it starts before the class's tests and stops after them; used
 * by hand, {@link #start()} and {@link #close()} do the same. Calls block the calling (test) thread, never
 * an event loop: calling {@link #invoke} from a Vert.x thread is refused.
 */
public final class PluginTestKit implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private final Path pluginDir;
  private final JsonObject conf;
  private final long timeoutMs;
  private Vertx vertx;
  private DhiiRuntime runtime;
  private Path work;
  private String pluginId;

  private PluginTestKit(Path pluginDir, JsonObject conf, long timeoutMs) {
    this.pluginDir = pluginDir.toAbsolutePath().normalize();
    this.conf = conf;
    this.timeoutMs = timeoutMs;
  }

  /**
   * @param pluginDir the plugin's directory (the one holding {@code manifest.json}; {@code Path.of(".")} in the
   *                  plugin's own Maven build)
   * @return a kit, not started: register it as an extension or call {@link #start()}
   */
  public static PluginTestKit forPlugin(Path pluginDir) {
    return new PluginTestKit(pluginDir, new JsonObject(), 10_000);
  }

  /**
   * @param overrides runtime configuration merged over the kit's (the keys of conf/runtime.json), e.g.
   *                  {@code {"lifecycle": {"stepTimeoutMs": 15000}}}
   * @return a new kit with that configuration
   */
  public PluginTestKit withConfiguration(JsonObject overrides) {
    return new PluginTestKit(pluginDir, conf.copy().mergeIn(overrides, true), timeoutMs);
  }

  /** @param millis how long one call, the start and the stop may each take (default 10 s) @return a new kit */
  public PluginTestKit withTimeout(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("the timeout must be > 0 ms");
    }
    return new PluginTestKit(pluginDir, conf, millis);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Starts the runtime with the plugin (and only it).
   *
   * @return this
   * @throws IllegalStateException if it is already started, or the plugin does not load (the reason in the message)
   */
  public synchronized PluginTestKit start() {
    if (runtime != null) {
      throw new IllegalStateException("the test kit is already started");
    }
    try {
      work = Files.createTempDirectory("dhii-testkit-");
      pluginId = PluginCopy.write(pluginDir, work.resolve("plugins"));
      vertx = Vertx.vertx();
      runtime = DhiiRuntime.start(vertx, options()).await(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the runtime did not start with the plugin in " + pluginDir + ": " + e.getMessage(), e);
    }
    PluginRecord record = runtime.registry().plugin(pluginId);
    if (record == null || record.state() != PluginState.READY) {
      String why = record == null ? runtime.registry().rejectedJson().encode() : record.state() + ": " + record.cause();
      close();
      throw new IllegalStateException("the plugin " + pluginId + " in " + pluginDir + " did not load: " + why);
    }
    return this;
  }

  private RuntimeOptions options() {
    JsonObject json = new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
      .put("tcpBridge", new JsonObject().put("enabled", false))
      // a key of its own, so that no secret file is generated (and no warning logged) for each test class
      .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", secret())))
      .put("plugins", new JsonObject().put("directories", new JsonArray().add(work.resolve("plugins").toString()))
        .put("dataDirectory", work.resolve("data").toString()))
      .mergeIn(conf.copy(), true);
    return new RuntimeOptions(json);
  }

  private static String secret() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /**
   * Calls a capability as an anonymous caller, through the runtime's whole pipeline.
   *
   * @param capability the capability id, e.g. {@code greeter.hello}
   * @param input its input
   * @return the output
   * @throws PluginCallException when the call fails: its {@link PluginCallException#code() code} (VALIDATION,
   *                             NOT_FOUND, TIMEOUT...) and message are those a caller over HTTP would get
   */
  public JsonObject invoke(String capability, JsonObject input) {
    return call(CallRequest.builder(capability, input).timeoutMs(timeoutMs).build());
  }

  /**
   * @param userId the caller (for capabilities that require authentication)
   * @param capability the capability id
   * @param input its input
   * @return the output
   * @throws PluginCallException when the call fails
   */
  public JsonObject invokeAs(String userId, String capability, JsonObject input) {
    return call(CallRequest.builder(capability, input).userId(userId).timeoutMs(timeoutMs).build());
  }

  private JsonObject call(CallRequest request) {
    DhiiRuntime running = running();
    try {
      return running.dispatcher().invoke(request).await(timeoutMs + 1000, TimeUnit.MILLISECONDS).output();
    } catch (CallFailure failure) {
      throw new PluginCallException(failure.error().code().name(), failure.error().message(), failure.error().details());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new PluginCallException("TIMEOUT", request.capabilityId() + " did not answer within " + timeoutMs + " ms", null);
    } catch (Exception e) {
      CallFailure failure = CallFailure.of(e, request.requestId(), request.capabilityId());
      throw new PluginCallException(failure.error().code().name(), failure.error().message(), failure.error().details());
    }
  }

  /**
   * Runs the plugin's health procedure.
   *
   * @return the result as {@code GET /health} reports it for the plugin: {@code {"id":..,"status":"UP"|"DOWN",...}}
   */
  public JsonObject health() {
    DhiiRuntime running = running();
    try {
      CheckResult result = running.health().checkStatus(pluginId).await(timeoutMs, TimeUnit.MILLISECONDS);
      JsonObject json = result.toJson();
      return json.put("id", pluginId).put("status", result.getUp() ? "UP" : "DOWN");
    } catch (Exception e) {
      return new JsonObject().put("id", pluginId).put("status", "DOWN").put("error", String.valueOf(e.getMessage()));
    }
  }

  /** @return the id of the plugin under test (its manifest's {@code id}) */
  public String pluginId() {
    running();
    return pluginId;
  }

  /** @return the temporary directory holding the kit's plugin folder and data directory (removed by close) */
  synchronized Path workDirectory() {
    return work;
  }

  /** @return the runtime's HTTP port on 127.0.0.1 (for tests that call it over HTTP) */
  public int httpPort() {
    return running().httpPort();
  }

  private synchronized DhiiRuntime running() {
    if (runtime == null) {
      throw new IllegalStateException("the test kit is not started (register it with @RegisterExtension or call start())");
    }
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("the test kit blocks until a call ends: call it from a test thread, not an event loop");
    }
    return runtime;
  }

  /** Stops the runtime (the plugin unloaded), closes Vert.x and removes the temporary files. Safe to call twice. */
  @Override
  public synchronized void close() {
    try {
      if (runtime != null) {
        runtime.stop().await(timeoutMs, TimeUnit.MILLISECONDS);
      }
      if (vertx != null) {
        vertx.close().await(timeoutMs, TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("the runtime did not stop in " + timeoutMs + " ms: " + e.getMessage(), e);
    } finally {
      runtime = null;
      vertx = null;
      try {
        PluginCopy.delete(work);
      } catch (IOException e) {
        // a temporary directory left behind: harmless
      }
      work = null;
    }
  }
}
