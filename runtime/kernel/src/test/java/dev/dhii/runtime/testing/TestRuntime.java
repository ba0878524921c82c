package dev.dhii.runtime.testing;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real runtime for a test: HTTP and the TCP bridge on free ports of 127.0.0.1, the given plugin
 * directory, short deadlines.
 */
public final class TestRuntime {

  private TestRuntime() {
  }

  /**
   * @param pluginDir the directory of plugin manifests
   * @param overrides configuration merged over the test defaults (may be null)
   * @return the options
   */
  public static RuntimeOptions options(Path pluginDir, JsonObject overrides) {
    JsonObject conf = new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1).put("maxBodyBytes", 262144))
      .put("tcpBridge", new JsonObject().put("host", "127.0.0.1").put("port", 0))
      .put("plugins", new JsonObject().put("directories", new JsonArray().add(pluginDir.toString()))
        .put("dataDirectory", pluginDir.resolve("data").toString()))
      .put("lifecycle", new JsonObject().put("stepTimeoutMs", 2000).put("drainTimeoutMs", 2000).put("healthCheckTimeoutMs", 500))
      // the tests run in runtime/kernel; the Python SDK is runtime/sdk-python
      .put("process", new JsonObject().put("sdkPath", Path.of("..", "sdk-python").toAbsolutePath().normalize().toString())
        .put("readyTimeoutMs", 10000).put("stopTimeoutMs", 2000));
    if (overrides != null) {
      conf.mergeIn(overrides, true);
    }
    return new RuntimeOptions(conf);
  }

  /**
   * @param vertx the Vert.x instance
   * @param pluginDir the plugin directory
   * @param overrides configuration overrides, or null
   * @return the started runtime
   */
  public static DhiiRuntime start(Vertx vertx, Path pluginDir, JsonObject overrides) {
    return start(vertx, pluginDir, overrides, 30);
  }

  /**
   * @param vertx the Vert.x instance
   * @param pluginDir the plugin directory
   * @param overrides configuration overrides, or null
   * @param seconds how long starting (every plugin loaded, one after the other) may take
   * @return the started runtime
   */
  public static DhiiRuntime start(Vertx vertx, Path pluginDir, JsonObject overrides, long seconds) {
    try {
      return DhiiRuntime.start(vertx, options(pluginDir, overrides)).await(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("The runtime did not start: " + e, e);
    }
  }

  /**
   * @param runtime a running runtime
   * @return an {@code Authorization} header value with an admin token the runtime accepts (signed with its
   *         configured or generated secret)
   */
  public static String admin(DhiiRuntime runtime) {
    return "Bearer " + new dev.dhii.runtime.auth.TokenIssuer(runtime.vertx(),
      dev.dhii.runtime.auth.Authenticators.jwtOptions(runtime.options())).issue("test-admin", java.util.List.of("admin"),
      java.time.Duration.ofMinutes(10));
  }

  /**
   * @param vertx the Vert.x instance, built by {@code VertxFactory} with {@code telemetry}
   * @param pluginDir the plugin directory
   * @param overrides configuration overrides, or null
   * @param telemetry the tracing and metrics to run with (the test closes it)
   * @return the started runtime
   */
  public static DhiiRuntime start(Vertx vertx, Path pluginDir, JsonObject overrides, Telemetry telemetry) {
    return start(vertx, pluginDir, overrides, telemetry, 30);
  }

  /**
   * @param vertx the Vert.x instance, built by {@code VertxFactory} with {@code telemetry}
   * @param pluginDir the plugin directory
   * @param overrides configuration overrides, or null
   * @param telemetry the tracing and metrics to run with (the test closes it)
   * @param seconds how long starting may take
   * @return the started runtime
   */
  public static DhiiRuntime start(Vertx vertx, Path pluginDir, JsonObject overrides, Telemetry telemetry, long seconds) {
    try {
      return DhiiRuntime.start(vertx, options(pluginDir, overrides), telemetry).await(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("The runtime did not start: " + e, e);
    }
  }
}
