package dev.dhii.runtime.ws;

import dev.dhii.runtime.config.WebSocketOptions;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WebSocketOptionsTest {

  @Test
  void theDefaultsComeFromConfRuntimeJsonAndAFileOverridesThem() {
    WebSocketOptions defaults = new RuntimeOptions().webSocket();
    assertEquals(WebSocketOptions.DEFAULT_MAX_IN_FLIGHT, defaults.getMaxInFlight());
    assertEquals(WebSocketOptions.DEFAULT_MAX_FRAME_BYTES, defaults.getMaxFrameBytes());
    WebSocketOptions custom = new RuntimeOptions(new JsonObject().put("websocket", new JsonObject().put("maxInFlight", 8)))
      .webSocket();
    assertEquals(8, custom.getMaxInFlight());
    assertEquals(WebSocketOptions.DEFAULT_MAX_FRAME_BYTES, custom.getMaxFrameBytes());
  }

  @Test
  void optionsRoundTripThroughJsonAndCopy() {
    WebSocketOptions options = new WebSocketOptions().setMaxInFlight(3).setMaxFrameBytes(4096);
    assertEquals(options.toJson(), new WebSocketOptions(options.toJson()).toJson());
    assertEquals(options.toJson(), new WebSocketOptions(options).toJson());
    assertEquals(new JsonObject().put("maxInFlight", 64).put("maxFrameBytes", 1048576).put("maxBufferedBytes", 33554432L)
      .put("maxConnectionsPerAddress", 64).put("idleTimeoutMs", 300000L).put("messageTimeoutMs", 30000L).put("maxTopics", 256)
      .put("maxTopicLength", 256).put("maxTotalTopics", 65536), new WebSocketOptions().toJson());
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WebSocketOptions().setMaxInFlight(0));
    assertThrows(IllegalArgumentException.class, () -> new WebSocketOptions().setMaxFrameBytes(100));
    assertThrows(IllegalArgumentException.class, () -> new WebSocketOptions(new JsonObject().put("maxInFlight", -1)));
  }
}
