package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.FrameSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP bridge's bounds against a runtime with small ones: silence before the first frame, a frame that
 * never completes, an idle connection, the budget of frames in progress, connections per address and in
 * total, and a client that never reads its answers. Each is answered with a typed error frame (TIMEOUT or
 * OVERLOADED) and the connection closed within its deadline, or no longer read; /health/live stays prompt.
 */
class TcpHostileLimitsTest {

  static final int MAX_FRAME = 65_536;
  static final int BUDGET = 200_000;
  static final int PER_ADDRESS = 30;
  static final int TOTAL = 40;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = BridgeHostile.runtime(new JsonObject().put("tcpBridge", new JsonObject()
    .put("maxFrameBytes", MAX_FRAME).put("maxBufferedBytes", BUDGET).put("maxConnectionsPerAddress", PER_ADDRESS)
    .put("maxConnections", TOTAL).put("idleTimeoutMs", 1_500).put("frameTimeoutMs", 800).put("firstFrameTimeoutMs", 1_000)));

  static JsonObject ping() {
    return new JsonObject().put("type", "ping");
  }

  static Stream<Arguments> stalls() {
    return Stream.of(
      Arguments.of("nothing after connecting", (Consumer<FrameSocket>) socket -> { }),
      Arguments.of("half a length", (Consumer<FrameSocket>) socket -> socket.write(new byte[] {0, 0})),
      Arguments.of("a length and no frame", (Consumer<FrameSocket>) socket -> socket.sendLength(100)),
      Arguments.of("a frame begun and not finished", (Consumer<FrameSocket>) socket -> socket.sendLength(100).write(new byte[10])),
      Arguments.of("a frame a byte at a time", (Consumer<FrameSocket>) socket -> {
        socket.sendLength(1_000);
        for (int i = 0; i < 8; i++) {
          try {
            socket.write(new byte[] {' '});
            Thread.sleep(150); // the slow client itself
          } catch (UncheckedIOException e) {
            return; // closed under it: what the case expects
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }),
      Arguments.of("silence after a frame", (Consumer<FrameSocket>) socket ->
        assertEquals("pong", socket.send(ping()).read().getString("type"))),
      Arguments.of("a frame begun after a good one", (Consumer<FrameSocket>) socket -> {
        assertEquals("pong", socket.send(ping()).read().getString("type"));
        socket.sendLength(50).write(new byte[3]);
      }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stalls")
  void aStalledConnectionIsAnsweredTimeoutAndClosed(String name, Consumer<FrameSocket> stall) {
    long start = System.currentTimeMillis();
    try (FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort())) {
      stall.accept(socket);
      TcpHostileFrameTest.assertTypedFrame(socket.read(), 504, "TIMEOUT");
      assertTrue(socket.closedByServer(), name);
    }
    long took = System.currentTimeMillis() - start;
    assertTrue(took < 3_500, name + " took " + took + " ms to close");
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void framesInProgressPastTheBudgetAreRefusedBeforeBuffering() {
    List<FrameSocket> holding = new ArrayList<>();
    try {
      for (int i = 0; i < BUDGET / MAX_FRAME; i++) {
        FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort());
        holding.add(socket);
        assertEquals("pong", socket.send(ping()).read().getString("type"));
        socket.sendLength(MAX_FRAME).write(new byte[MAX_FRAME / 2]);
      }
      try (FrameSocket refused = new FrameSocket(dhii.runtime().tcpBridgePort())) {
        assertEquals("pong", refused.send(ping()).read().getString("type"));
        TcpHostileFrameTest.assertTypedFrame(refused.sendLength(MAX_FRAME).read(), 503, "OVERLOADED");
        assertTrue(refused.closedByServer());
      }
      BridgeHostile.assertLive(dhii.runtime());
    } finally {
      holding.forEach(FrameSocket::close);
    }
    // released with their connections (asynchronously): a whole frame of the same size fits again
    long deadline = System.currentTimeMillis() + 5_000;
    while (true) {
      try (FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort())) {
        String head = "{\"type\":\"send\",\"address\":\"dhii.cap.hx.echo\",\"replyAddress\":\"r\",\"body\":{\"p\":\"";
        String body = head + "p".repeat(MAX_FRAME - head.length() - 3) + "\"}}";
        JsonObject reply = socket.sendRaw(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).read();
        if ("message".equals(reply.getString("type")) || System.currentTimeMillis() > deadline) {
          assertEquals("message", reply.getString("type"), reply.encode());
          break;
        }
      }
    }
  }

  /**
   * A client that only writes (pings, each answered) and never reads: once its answers back up, the bridge stops
   * reading it (or ends it), so it cannot make the runtime hold an answer queue of any size. Without the
   * back-pressure the bridge reads all 64 MiB, queueing some 3 million answers.
   */
  @Test
  void aClientThatNeverReadsIsNotReadEither() throws Exception {
    byte[] ping = ping().encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer batch = java.nio.ByteBuffer.allocate(4096 * (4 + ping.length));
    while (batch.hasRemaining()) {
      batch.putInt(ping.length).put(ping);
    }
    batch.flip();
    long limit = 64L << 20;
    long written = 0;
    boolean stopped = false;
    try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
           new java.net.InetSocketAddress("127.0.0.1", dhii.runtime().tcpBridgePort()));
         java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
      channel.configureBlocking(false);
      channel.register(selector, java.nio.channels.SelectionKey.OP_WRITE);
      while (written < limit) {
        if (!batch.hasRemaining()) {
          batch.rewind();
        }
        int n;
        try {
          n = channel.write(batch);
        } catch (java.io.IOException closedByServer) {
          stopped = true;
          break;
        }
        written += n;
        if (n == 0) {
          selector.selectedKeys().clear();
          if (selector.select(3_000) == 0) {
            stopped = true; // no room for 3 s: the bridge reads this client no more
            break;
          }
        }
      }
    }
    assertTrue(stopped && written < limit, "the bridge read " + written + " bytes of a client that reads nothing");
    BridgeHostile.assertLive(dhii.runtime());
  }

  /** @return whether {@code count} connections from {@code from} were all admitted (each answers a ping) */
  static boolean openAdmitted(List<FrameSocket> open, String from, int count) {
    for (int i = 0; i < count; i++) {
      FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort(), from);
      open.add(socket);
      try {
        if (!"pong".equals(socket.send(ping()).read().getString("type"))) {
          return false;
        }
      } catch (UncheckedIOException e) {
        return false; // refused: connections of earlier cases are still being released
      }
    }
    return true;
  }

  /** A connection past a bound is refused at once, before it sends anything. */
  static void assertRefused(String from, String why) {
    try (FrameSocket refused = new FrameSocket(dhii.runtime().tcpBridgePort(), from)) {
      JsonObject frame = refused.read();
      TcpHostileFrameTest.assertTypedFrame(frame, 503, "OVERLOADED");
      assertTrue(frame.getString("message").contains(why), frame.encode());
      assertTrue(refused.closedByServer());
    }
  }

  @Test
  void connectionsPastThePerAddressAndTotalBoundsAreRefused() {
    for (int attempt = 0; ; attempt++) {
      List<FrameSocket> open = new ArrayList<>();
      try {
        if (!openAdmitted(open, "127.0.0.1", PER_ADDRESS)) {
          assertTrue(attempt < 3, "fewer connections admitted than the bound per address allows");
          continue;
        }
        assertRefused("127.0.0.1", "from this address");
        if (!openAdmitted(open, "127.0.0.2", TOTAL - PER_ADDRESS)) {
          assertTrue(attempt < 3, "fewer connections admitted than the total bound allows");
          continue;
        }
        assertRefused("127.0.0.3", "connections are open, the most this listener accepts");
        BridgeHostile.assertLive(dhii.runtime());
        return;
      } finally {
        open.forEach(FrameSocket::close);
      }
    }
  }
}
