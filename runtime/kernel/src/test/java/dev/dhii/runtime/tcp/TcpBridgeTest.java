package dev.dhii.runtime.tcp;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.FrameSocket;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The runtime's TCP event bus bridge, from a raw socket: capability requests, denials, bad frames. */
class TcpBridgeTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"),
      new JsonObject().put("resources", new JsonObject().put("maxPayloadBytes", 64)));
  }).build();

  static FrameSocket connect() {
    return new FrameSocket(dhii.runtime().tcpBridgePort());
  }

  static JsonObject request(String address, String replyAddress, JsonObject headers, Object body) {
    return new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress)
      .put("headers", headers).put("body", body);
  }

  static JsonObject errorBody(JsonObject frame) {
    assertEquals("err", frame.getString("type"), frame.encode());
    return new JsonObject(frame.getString("message")).getJsonObject("error");
  }

  @Test
  void aRequestToACapabilityGetsItsReplyFrame() {
    try (FrameSocket socket = connect()) {
      JsonObject reply = socket.send(request("dhii.cap.fx.echo", "r1", new JsonObject().put("dhii-request-id", "tcp-1"),
        new JsonObject().put("text", "hi"))).read();
      assertEquals("message", reply.getString("type"), reply.encode());
      assertEquals("r1", reply.getString("address"));
      assertEquals(new JsonObject().put("text", "hi"), reply.getJsonObject("body"));
      assertEquals("tcp-1", reply.getJsonObject("headers").getString("dhii-request-id"));
    }
  }

  @Test
  void aFailedCallGetsAnErrorFrameWithTheStatusAndTheErrorBody() {
    try (FrameSocket socket = connect()) {
      JsonObject reply = socket.send(request("dhii.cap.fx.echo", "r2", null, new JsonObject().put("text", 7))).read();
      assertEquals("r2", reply.getString("address"));
      assertEquals(400, reply.getInteger("failureCode"));
      assertEquals("VALIDATION", errorBody(reply).getString("code"));

      JsonObject unknown = socket.send(request("dhii.cap.no.such", "r3", null, new JsonObject())).read();
      assertEquals("r3", unknown.getString("address"), unknown.encode());
      assertEquals(404, unknown.getInteger("failureCode"), unknown.encode());
      assertEquals("NOT_FOUND", errorBody(unknown).getString("code"));
    }
  }

  @Test
  void aCallerOutsideTheJvmAuthenticatesOnlyWithAToken() {
    try (FrameSocket socket = connect()) {
      JsonObject text = new JsonObject().put("text", "secret");
      assertEquals("AUTHENTICATION", errorBody(socket.send(request("dhii.cap.fx.secure", "a1", null, text)).read())
        .getString("code"), "anonymous");
      for (String header : List.of("dhii-user-id", "DHII-USER-ID", "Dhii-User-Id")) {
        JsonObject forged = socket.send(request("dhii.cap.fx.secure", "a2", new JsonObject().put(header, "alice"), text)).read();
        assertEquals(401, forged.getInteger("failureCode"), header + " must not authenticate: " + forged.encode());
      }
      JsonObject token = socket.send(request("dhii.cap.fx.secure", "a3",
        new JsonObject().put("authorization", "Bearer not-a-valid-token"), text)).read();
      assertEquals("AUTHENTICATION", errorBody(token).getString("code"), "the token reached the authenticator");
    }
  }

  @Test
  void aForgedPayloadSizeDoesNotLiftThePayloadLimit() {
    try (FrameSocket socket = connect()) {
      JsonObject big = new JsonObject().put("text", "x".repeat(80));
      JsonObject reply = socket.send(request("dhii.cap.fx.echo", "p1", new JsonObject().put("dhii-payload-bytes", "1"), big)).read();
      assertEquals("PAYLOAD_TOO_LARGE", errorBody(reply).getString("code"));
    }
  }

  @Test
  void deniedAddressesAndKindsGetAnErrorFrameAndTheConnectionGoesOn() {
    try (FrameSocket socket = connect()) {
      String node = "dhii.node." + dhii.runtime().nodeId() + ".info";
      assertForbidden(socket.send(request(node, "d1", null, null)).read(), "d1");
      assertForbidden(socket.send(request("dhii.events", "d2", null, new JsonObject())).read(), "d2");
      assertForbidden(socket.send(new JsonObject().put("type", "register").put("address", "dhii.events")).read(), null);
      assertForbidden(socket.send(new JsonObject().put("type", "register").put("address", "dhii.cap.fx.echo")).read(), null);
      assertForbidden(socket.send(new JsonObject().put("type", "publish").put("address", "dhii.cap.fx.echo")
        .put("body", new JsonObject().put("text", "all"))).read(), null);
      assertEquals("text", socket.send(request("dhii.cap.fx.echo", "d3", null, new JsonObject().put("text", "text")))
        .read().getJsonObject("body").getString("text"));
    }
  }

  @Test
  void malformedFramesGetAnErrorFrameAndTheConnectionGoesOn() {
    try (FrameSocket socket = connect()) {
      assertMalformed(socket.sendRaw("{not json".getBytes(StandardCharsets.UTF_8)).read());
      assertMalformed(socket.sendRaw("[1, 2]".getBytes(StandardCharsets.UTF_8)).read());
      assertMalformed(socket.send(request("dhii.cap.fx.echo", "m1", null, null).put("address", 42)).read());
      assertMalformed(socket.send(request("dhii.cap.fx.echo", "m2", null, null).put("headers", "x")).read());
      assertMalformed(socket.send(request("dhii.cap.fx.echo", "m3", new JsonObject().put("h", new JsonObject()), null)).read());
      assertEquals("unknown_type", socket.send(new JsonObject().put("type", "shout").put("address", "dhii.cap.fx.echo"))
        .read().getString("message"));
      assertEquals("unknown_type", socket.send(new JsonObject().put("address", "dhii.cap.fx.echo")).read().getString("message"));
      assertEquals("missing_address", socket.send(new JsonObject().put("type", "send")).read().getString("message"));
      assertEquals("pong", socket.send(new JsonObject().put("type", "ping")).read().getString("type"));
      assertEquals("still here", socket.send(request("dhii.cap.fx.echo", "m4", null,
        new JsonObject().put("text", "still here"))).read().getJsonObject("body").getString("text"));
    }
  }

  static void assertForbidden(JsonObject frame, String replyAddress) {
    assertEquals(403, frame.getInteger("failureCode"), frame.encode());
    assertEquals(replyAddress, frame.getString("address"), frame.encode());
    assertEquals("FORBIDDEN", errorBody(frame).getString("code"));
  }

  static void assertMalformed(JsonObject frame) {
    assertEquals("err", frame.getString("type"), frame.encode());
    assertEquals("malformed_frame", frame.getString("message"), frame.encode());
  }

  @Test
  void anImpossibleFrameLengthClosesOnlyThatConnection() {
    for (int length : new int[] {-1, 0}) {
      try (FrameSocket socket = connect()) {
        assertMalformed(socket.sendLength(length).read());
        assertTrue(socket.closedByServer(), "length " + length);
      }
    }
    try (FrameSocket socket = connect()) {
      JsonObject refused = socket.sendLength(Integer.MAX_VALUE).read();
      assertEquals(413, refused.getInteger("failureCode"), refused.encode());
      assertEquals("PAYLOAD_TOO_LARGE", errorBody(refused).getString("code"));
      assertTrue(socket.closedByServer());
    }
    try (FrameSocket socket = connect()) {
      assertEquals("pong", socket.send(new JsonObject().put("type", "ping")).read().getString("type"));
    }
  }

  @Test
  void aPythonProcessCallsACapabilityWithTheStandardLibraryOnly() throws Exception {
    assumeTrue(onPath("python3"), "python3 is not on the PATH");
    Path script = Path.of(TcpBridgeTest.class.getResource("/tcp_bridge_client.py").toURI());
    Process process = new ProcessBuilder("python3", script.toString(), Integer.toString(dhii.runtime().tcpBridgePort()),
      "fx.echo", "{\"text\": \"from python\"}").redirectErrorStream(true).start();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the Python client did not finish");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, process.exitValue(), output);
    assertEquals(new JsonObject().put("text", "from python"), new JsonObject(output));
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
