package dev.dhii.runtime.config;

import dev.dhii.runtime.manifest.ResourceLimits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
