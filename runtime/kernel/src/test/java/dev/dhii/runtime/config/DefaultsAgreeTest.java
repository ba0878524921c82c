package dev.dhii.runtime.config;

import dev.dhii.runtime.manifest.ResourceLimits;
import dev.dhii.runtime.resilience.BreakerOptions;
import dev.dhii.runtime.resilience.RetryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed options' DEFAULT_* values and conf/runtime.json (the embedded defaults) say the same: a default
 * changed in one place and not the other fails here.
 */
class DefaultsAgreeTest {

  private final RuntimeOptions embedded = new RuntimeOptions();

  @Test
  void webSocketDefaults() {
    assertEquals(new WebSocketOptions().toJson(), embedded.webSocket().toJson());
  }

  @Test
  void tcpBridgeDefaults() {
    assertEquals(new TcpBridgeOptions().toJson(), embedded.tcpBridge().toJson());
    assertEquals(TcpBridgeOptions.DEFAULT_HOST, embedded.tcpBridgeHost());
    assertEquals(TcpBridgeOptions.DEFAULT_PORT, embedded.tcpBridgePort());
    assertEquals(TcpBridgeOptions.DEFAULT_MAX_FRAME_BYTES, embedded.tcpBridgeMaxFrameBytes());
    assertEquals(TcpBridgeOptions.DEFAULT_REPLY_GRACE_MS, embedded.clusterReplyGraceMs());
  }

  @Test
  void httpServerDefaults() {
    assertEquals(HttpEdgeOptions.DEFAULTS, embedded.httpEdge());
  }

  @Test
  void bufferedBytesDefault() {
    assertEquals(RuntimeOptions.DEFAULT_BUFFERED_BYTES, embedded.bufferedBytesBudget());
    assertEquals(RuntimeOptions.DEFAULT_BUFFERED_BYTES, new RuntimeOptions(new io.vertx.core.json.JsonObject()
      .put("limits", new io.vertx.core.json.JsonObject())).bufferedBytesBudget());
  }

  @Test
  void telemetryDefaults() {
    assertEquals(new TelemetryOptions().toJson(), embedded.telemetry().toJson());
  }

  @Test
  void resourceDefaults() {
    assertEquals(ResourceLimits.DEFAULTS, embedded.defaultResources());
    assertEquals(TcpBridgeOptions.DEFAULT_TIMEOUT_MS, embedded.defaultResources().timeoutMs());
  }

  @Test
  void httpDefaults() {
    assertEquals(HttpOptions.DEFAULTS, embedded.http());
    assertEquals(HttpOptions.DEFAULT_PORT, embedded.httpPort());
  }

  @Test
  void pluginsDefaults() {
    assertEquals(PluginsOptions.DEFAULTS, embedded.plugins());
  }

  @Test
  void trustDefaults() {
    assertEquals(TrustOptions.DEFAULTS, embedded.trust());
    assertEquals(TrustOptions.DEFAULTS.toJson(), embedded.toJson().getJsonObject("plugins").getJsonObject("trust"));
  }

  @Test
  void processDefaults() {
    assertEquals(ProcessOptions.DEFAULTS, embedded.process());
  }

  @Test
  void lifecycleDefaults() {
    assertEquals(LifecycleOptions.DEFAULTS, embedded.lifecycle());
  }

  @Test
  void clusterDefaults() {
    assertEquals(ClusterOptions.DEFAULTS, embedded.cluster());
    assertEquals(ClusterOptions.DEFAULT_HOST, embedded.eventBusHost());
  }

  @Test
  void authDefaults() {
    assertEquals(new JwtOptions().toJson(), embedded.auth().jwt().toJson());
  }

  @Test
  void resilienceDefaults() {
    assertEquals(new RetryOptions().toJson(), embedded.defaultResilience().retry().toJson());
    assertEquals(new BreakerOptions().toJson(), embedded.defaultResilience().circuitBreaker().toJson());
  }

  @Test
  void theMcpDefaultsAreTheEmbeddedOnes() {
    // a record: every component compared, the defaults in McpOptions against the mcp block of conf/runtime.json
    assertEquals(McpOptions.defaults(), embedded.mcp());
  }

  @Test
  void theLoggingDefaultsAreTheEmbeddedOnes() {
    assertEquals(dev.dhii.runtime.console.LoggingOptions.fromJson(new io.vertx.core.json.JsonObject()),
      dev.dhii.runtime.console.LoggingOptions.fromJson(embedded.logging()));
  }

  @Test
  void everyBlockOfTheEmbeddedDefaultsHasTypedOptions() {
    // a block added to conf/runtime.json needs its typed options and a test above
    assertEquals(java.util.Set.of("http", "websocket", "plugins", "auth", "telemetry", "cluster", "tcpBridge", "process",
      "lifecycle", "defaults", "limits", "httpServer", "mcp", "logging"), embedded.toJson().fieldNames());
  }

  @Test
  void typedOptionsAreParsedOnceAndAgainAfterASetter() {
    RuntimeOptions options = new RuntimeOptions();
    assertSame(options.http(), options.http());
    HttpOptions before = options.http();
    options.setHttpPort(0);
    assertNotSame(before, options.http());
    assertEquals(0, options.http().port());
    assertEquals(0, options.httpPort());
  }

  @Test
  void sectionIsACopyOfARawBlock() {
    RuntimeOptions options = new RuntimeOptions(new JsonObject().put("someArea", new JsonObject().put("limit", 3)));
    assertEquals(new JsonObject().put("limit", 3), options.section("someArea"));
    options.section("someArea").put("limit", 4);
    assertEquals(3, options.section("someArea").getInteger("limit"));
    assertTrue(options.section("absent").isEmpty());
  }

  @Test
  void environmentOverridesReachTheTypedOptions() {
    RuntimeOptions options = new RuntimeOptions();
    assertEquals(RuntimeOptions.DEFAULT_BUFFERED_BYTES, options.bufferedBytesBudget());
    options.applyEnvironment(java.util.Map.of("DHII_CLUSTER_PORT", "6000",
      "DHII_JWT_SECRET", "s".repeat(40), "DHII_DATA_DIR", "elsewhere"));
    assertEquals(6000, options.cluster().port());
    assertEquals("s".repeat(40), options.auth().jwt().getSecret());
    assertEquals("elsewhere", options.plugins().dataDirectory());
  }
}
