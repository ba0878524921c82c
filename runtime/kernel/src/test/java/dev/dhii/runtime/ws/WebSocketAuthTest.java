package dev.dhii.runtime.ws;

import dev.dhii.runtime.config.WebSocketOptions;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.dispatch.Principal;
import dev.dhii.runtime.http.HttpBridgeVerticle;
import dev.dhii.runtime.kernel.HealthDocuments;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.RpcClient;
import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.dhii.runtime.ws.WebSocketBridgeTest.error;
import static dev.dhii.runtime.ws.WebSocketBridgeTest.invoke;
import static dev.dhii.runtime.ws.WebSocketBridgeTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication on {@code /v1/ws}: the runtime's own bridge (no keys configured, every token refused),
 * and a second HTTP bridge over the same runtime whose authenticator accepts {@code alice-token}.
 */
class WebSocketAuthTest {

  static final Authenticator ALICE_ONLY = authorization -> authorization.replaceFirst("^Bearer ", "").equals("alice-token")
    ? Future.succeededFuture(new Principal("alice", Set.of("reader")))
    : Future.failedFuture(PluginException.of(ErrorCode.AUTHENTICATION, "Invalid token"));

  static int alicePort;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    WsFixtures.write(plugins);
  }).build();

  @BeforeAll
  static void start() throws Exception {
    WebSocketBridge bridge = new WebSocketBridge(dhii.runtime().invoker(), ALICE_ONLY,
      new HealthDocuments(dhii.runtime().health()), dhii.runtime().view(), new WebSocketOptions());
    HttpBridgeVerticle http = new HttpBridgeVerticle("127.0.0.1", 0, 65536, dhii.runtime().invoker(), dhii.runtime().registry(),
      dhii.runtime().health(), dhii.runtime().kernel(), ALICE_ONLY, bridge, null, dhii.runtime().view());
    dhii.vertx().deployVerticle(http).await(10, TimeUnit.SECONDS);
    alicePort = http.actualPort();
  }

  private static JsonObject user() {
    return invoke("ws.user", text("?"));
  }

  @Test
  void authRunsTheLaterCallsAsTheAuthenticatedUser() {
    try (RpcClient rpc = RpcClient.connect(dhii.vertx(), alicePort, null)) {
      error(rpc.call(1, "invoke", user()), -32001, "AUTHENTICATION");
      assertEquals(new JsonObject().put("userId", "alice").put("roles", new JsonArray().add("reader")),
        rpc.call(2, "auth", new JsonObject().put("token", "alice-token")).getJsonObject("result"));
      assertEquals("alice", rpc.call(3, "invoke", user()).getJsonObject("result").getString("text"));
    }
  }

  @Test
  void aRefusedTokenIsAnAuthenticationErrorAndKeepsTheConnectionAnonymous() {
    try (RpcClient rpc = RpcClient.connect(dhii.vertx(), alicePort, null)) {
      JsonObject error = error(rpc.call(1, "auth", new JsonObject().put("token", "mallory")), -32001, "AUTHENTICATION");
      assertTrue(error.getString("message").contains("Invalid token"), error.encode());
      error(rpc.call(2, "invoke", user()), -32001, "AUTHENTICATION");
    }
  }

  @Test
  void aBearerTokenOnTheUpgradeAuthenticatesTheConnection() {
    try (RpcClient rpc = RpcClient.connect(dhii.vertx(), alicePort, "Bearer alice-token")) {
      assertEquals("alice", rpc.call(1, "invoke", user()).getJsonObject("result").getString("text"));
    }
  }

  @Test
  void anUpgradeWithARefusedTokenIsRejectedWith401() {
    assertEquals(401, rejection(alicePort, "Bearer mallory"));
  }

  @Test
  void withoutKeysTheRuntimesBridgeRefusesEveryToken() {
    assertEquals(401, rejection(dhii.runtime().httpPort(), "Bearer anything"));
    try (RpcClient rpc = RpcClient.connect(dhii.vertx(), dhii.runtime().httpPort(), null)) {
      error(rpc.call(1, "auth", new JsonObject().put("token", "anything")), -32001, "AUTHENTICATION");
    }
  }

  @Test
  void anUpgradeToAnotherPathIsRejectedWith404() {
    assertEquals(404, rejection(dhii.runtime().httpPort(), "/v1/websocket", null));
  }

  private static int rejection(int port, String authorization) {
    return rejection(port, "/v1/ws", authorization);
  }

  private static int rejection(int port, String uri, String authorization) {
    Throwable failure = assertThrows(Exception.class,
      () -> RpcClient.open(dhii.vertx(), port, uri, authorization).await(10, TimeUnit.SECONDS));
    assertTrue(failure instanceof UpgradeRejectedException, String.valueOf(failure));
    return ((UpgradeRejectedException) failure).getStatus();
  }
}
