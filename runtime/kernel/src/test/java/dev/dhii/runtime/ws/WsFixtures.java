package dev.dhii.runtime.ws;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.FaultyPlugin;
import dev.dhii.runtime.fixtures.WsFixturePlugin;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/** The plugins and settings of the WebSocket bridge tests. */
final class WsFixtures {

  private WsFixtures() {
  }

  /** @param plugins the plugin directory to write the fx, bad and ws manifests into */
  static void write(Path plugins) {
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
    TestManifests.write(plugins, "bad", FaultyPlugin.class,
      List.of("bad.throw", "bad.network", "bad.reject", "bad.output", "bad.block", "bad.never"),
      new JsonObject().put("resources", new JsonObject().put("workerPoolSize", 2).put("maxConcurrency", 32).put("maxQueue", 32))
        .put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))
          .put("circuitBreaker", new JsonObject().put("minimumCalls", 1000).put("windowSize", 1000))));
    TestManifests.write(plugins, "ws", WsFixturePlugin.class, List.of("ws.hold", "ws.user"), null);
  }

  /** @param maxInFlight per connection @param maxFrameBytes per frame @return the runtime overrides */
  static JsonObject limits(int maxInFlight, int maxFrameBytes) {
    return new JsonObject().put("websocket", new JsonObject().put("maxInFlight", maxInFlight).put("maxFrameBytes", maxFrameBytes));
  }
}
