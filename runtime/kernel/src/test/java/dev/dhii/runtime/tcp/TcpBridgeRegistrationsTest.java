package dev.dhii.runtime.tcp;

import dev.dhii.runtime.config.TcpBridgeOptions;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.FrameSocket;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumers a bridged client registers through the process plugin hook of {@link BridgeAccess}: they
 * receive calls and answer them, and disappear with the client's connection however it ends.
 */
class TcpBridgeRegistrationsTest {

  @RegisterExtension
  static final DhiiRuntimeExtension fixture = DhiiRuntimeExtension.vertxOnly();
  static TcpBridgeVerticle bridge;

  @BeforeAll
  static void start() throws Exception {
    bridge = new TcpBridgeVerticle(new TcpBridgeOptions().setPort(0),
      BridgeAccess.capabilities().withProcessPluginAddresses("test\\.kernel\\..+", "test\\.proc\\..+"));
    fixture.vertx().deployVerticle(bridge).await(10, TimeUnit.SECONDS);
  }

  /** Registers {@code address} and waits for the bridge to have done it (frames are handled in order). */
  static FrameSocket registered(String address) {
    FrameSocket socket = new FrameSocket(bridge.actualPort());
    socket.send(new JsonObject().put("type", "register").put("address", address));
    assertEquals("pong", socket.send(new JsonObject().put("type", "ping")).read().getString("type"));
    return socket;
  }

  static ReplyFailure requestFailure(String address) {
    try {
      fixture.vertx().eventBus().request(address, new JsonObject(), new DeliveryOptions().setSendTimeout(100)).await(5, TimeUnit.SECONDS);
      return null;
    } catch (ReplyException e) {
      return e.failureType();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void assertRegistrationRemoved(String address, Consumer<FrameSocket> end) {
    FrameSocket socket = registered(address);
    end.accept(socket);
    ReplyFailure failure = requestFailure(address);
    for (int i = 0; i < 50 && failure != ReplyFailure.NO_HANDLERS; i++) {
      failure = requestFailure(address); // the bridge learns of the end asynchronously (milliseconds)
    }
    assertEquals(ReplyFailure.NO_HANDLERS, failure, "the consumer of " + address + " is still registered");
  }

  @Test
  void aConsumerRegisteredThroughTheProcessPluginHookReceivesCallsAndAnswersThem() {
    try (FrameSocket socket = registered("test.proc.p1")) {
      var reply = fixture.vertx().eventBus().<JsonObject>request("test.proc.p1", new JsonObject().put("q", 1));
      JsonObject call = socket.read();
      assertEquals("test.proc.p1", call.getString("address"), call.encode());
      assertEquals(1, call.getJsonObject("body").getInteger("q"));
      socket.send(new JsonObject().put("type", "send").put("address", call.getString("replyAddress"))
        .put("body", new JsonObject().put("a", 2)));
      Message<JsonObject> answer = awaitReply(reply);
      assertEquals(2, answer.body().getInteger("a"));
    }
  }

  static Message<JsonObject> awaitReply(io.vertx.core.Future<Message<JsonObject>> reply) {
    try {
      return reply.await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void addressesOutsideTheHookStayDenied() {
    try (FrameSocket socket = new FrameSocket(bridge.actualPort())) {
      for (String address : new String[] {"dhii.events", "test.other"}) {
        JsonObject denied = socket.send(new JsonObject().put("type", "register").put("address", address)).read();
        assertEquals(403, denied.getInteger("failureCode"), denied.encode());
        assertEquals("FORBIDDEN", new JsonObject(denied.getString("message")).getJsonObject("error").getString("code"));
      }
    }
  }

  @Test
  void closingTheSocketRemovesItsRegistrations() {
    assertRegistrationRemoved("test.proc.closed", FrameSocket::close);
  }

  @Test
  void aResetConnectionRemovesItsRegistrations() {
    assertRegistrationRemoved("test.proc.reset", FrameSocket::reset);
  }

  @Test
  void unregisteringRemovesTheConsumerAtOnce() {
    try (FrameSocket socket = registered("test.proc.unregistered")) {
      socket.send(new JsonObject().put("type", "unregister").put("address", "test.proc.unregistered"));
      assertEquals("pong", socket.send(new JsonObject().put("type", "ping")).read().getString("type"));
      assertTrue(requestFailure("test.proc.unregistered") == ReplyFailure.NO_HANDLERS);
    }
  }
}
