package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.dhii.runtime.hostile.HttpHostileRuntime.assertTyped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap-exhaustion finding, with the default bounds (16 MiB per body, 32 MiB buffered in total): six
 * connections each sending 15 MiB of a declared 16 MiB body and never finishing. Two fit the budget; the others
 * are answered OVERLOADED from their headers, nothing of theirs buffered, and health stays prompt.
 */
class HttpHostileMemoryTest {

  static final int MIB = 1024 * 1024;

  @RegisterExtension
  static final DhiiRuntimeExtension hx = HttpHostileRuntime.runtime(new JsonObject()
      .put("http", new JsonObject().put("maxBodyBytes", 16 * MIB))
      .put("httpServer", new JsonObject().put("bodyIdleTimeoutMs", 1500)));

  @Test
  void unfinishedDeclaredBodiesCannotExhaustTheHeap() throws Exception {
    assertEquals(32L * MIB, hx.runtime().bufferedBytes().capacity());
    List<Socket> sockets = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    int[] overloaded = {0};
    try {
      for (int i = 0; i < 6; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", hx.httpPort()), 2000);
        s.setSoTimeout(5000);
        sockets.add(s);
        s.getOutputStream().write(("POST /v1/capabilities/hx.echo/invoke HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + 16 * MIB + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        Thread t = new Thread(() -> {
          try {
            OutputStream out = s.getOutputStream();
            byte[] block = new byte[MIB];
            for (int k = 0; k < 15; k++) {
              out.write(block);
            }
          } catch (IOException refused) {
            // the server answered and closed
          }
        });
        t.start();
        senders.add(t);
      }
      for (Thread t : senders) {
        t.join(10_000);
      }
      assertTrue(hx.runtime().bufferedBytes().used() <= 32L * MIB, "buffered " + hx.runtime().bufferedBytes().used());
      HttpHostileRuntime.assertLive(hx);
      for (Socket s : sockets) {
        RawHttp.Answer a = RawHttp.read(s.getInputStream(), System.nanoTime());
        if (a.status() == 503) {
          assertTyped(a, 503, "OVERLOADED");
          overloaded[0]++;
        } else {
          assertTyped(a, 408, "TIMEOUT");
        }
      }
      assertEquals(4, overloaded[0]);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    Await.until(() -> hx.runtime().bufferedBytes().used() == 0, Duration.ofMillis(3000), "every buffered byte is given back");
    assertEquals(0, hx.runtime().bufferedBytes().used());
    HttpHostileRuntime.assertLive(hx);
  }
}
