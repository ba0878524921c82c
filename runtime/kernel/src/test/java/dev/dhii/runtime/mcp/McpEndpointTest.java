package dev.dhii.runtime.mcp;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.WsFixturePlugin;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /mcp at the wire: negotiation, sessions and their bounds, the refusals the transport documents, calls. */
class McpEndpointTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(dir -> {
      TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
      TestManifests.write(dir, "ws", WsFixturePlugin.class, List.of("ws.hold", "ws.user"), null);
    })
    .conf(new JsonObject().put("tcpBridge", new JsonObject().put("enabled", false))
      .put("mcp", new JsonObject().put("maxSessions", 8).put("allowedOrigins", new JsonArray().add("https://app.example"))))
    .build();

  private final McpHttp mcp = new McpHttp(dhii);

  @Test
  void initializeNegotiatesTheRevisionAndStartsASession() {
    HttpResponse<Buffer> response = mcp.post(null, McpHttp.request(1, "initialize", new JsonObject()
      .put("protocolVersion", "2025-06-18").put("capabilities", new JsonObject())));
    assertEquals(200, response.statusCode());
    JsonObject result = McpHttp.message(response).getJsonObject("result");
    assertEquals("2025-06-18", result.getString("protocolVersion"));
    assertEquals("dhii", result.getJsonObject("serverInfo").getString("name"));
    assertTrue(result.getJsonObject("capabilities").getJsonObject("tools").getBoolean("listChanged"));
    assertNotNull(result.getString("instructions"));
    assertTrue(response.getHeader("mcp-session-id").matches("[0-9a-f]{32}"));
    // a revision it does not speak: it offers its newest
    JsonObject other = McpHttp.message(mcp.post(null, McpHttp.request(2, "initialize", new JsonObject()
      .put("protocolVersion", "2099-01-01")))).getJsonObject("result");
    assertEquals(McpProtocol.VERSIONS.get(0), other.getString("protocolVersion"));
  }

  @Test
  void theTransportRefusesWhatItDoesNotSupportWithTheDocumentedCodes() {
    String session = mcp.initialize();
    String ping = McpHttp.request(3, "ping", null).encode();
    assertEquals(400, mcp.send(HttpMethod.POST, McpHttp.headers(null), ping).statusCode(), "no session id");
    assertEquals(404, mcp.send(HttpMethod.POST, McpHttp.headers("0".repeat(32)), ping).statusCode(), "unknown session");
    assertEquals(403, mcp.send(HttpMethod.POST, McpHttp.headers(session).add("origin", "http://evil.example"), ping).statusCode());
    assertEquals(200, mcp.send(HttpMethod.POST, McpHttp.headers(session).add("origin", "http://localhost:3000"), ping).statusCode());
    assertEquals(200, mcp.send(HttpMethod.POST, McpHttp.headers(session).add("origin", "https://app.example"), ping).statusCode());
    assertEquals(400, mcp.send(HttpMethod.POST, McpHttp.headers(session).set("mcp-protocol-version", "1999-01-01"), ping).statusCode());
    assertEquals(406, mcp.send(HttpMethod.POST, McpHttp.headers(session).set("accept", "application/json"), ping).statusCode());
    assertEquals(415, mcp.send(HttpMethod.POST, McpHttp.headers(session).set("content-type", "text/plain"), ping).statusCode());
    HttpResponse<Buffer> put = mcp.send(HttpMethod.PUT, McpHttp.headers(session), ping);
    assertEquals(405, put.statusCode());
    assertEquals("GET, POST, DELETE", put.getHeader("allow"));
    HttpResponse<Buffer> parse = mcp.send(HttpMethod.POST, McpHttp.headers(session), "{\"jsonrpc\":");
    assertEquals(400, parse.statusCode());
    assertEquals(McpProtocol.PARSE_ERROR, McpHttp.message(parse).getJsonObject("error").getInteger("code"));
    HttpResponse<Buffer> batch = mcp.send(HttpMethod.POST, McpHttp.headers(session), "[" + ping + "]");
    assertEquals(400, batch.statusCode());
    assertEquals(McpProtocol.INVALID_REQUEST, McpHttp.message(batch).getJsonObject("error").getInteger("code"));
    JsonObject unknown = McpHttp.message(mcp.post(session, McpHttp.request(4, "prompts/list", null)));
    assertEquals(McpProtocol.METHOD_NOT_FOUND, unknown.getJsonObject("error").getInteger("code"));
    // the 2026-07-28 probe gets the revisions served, so that a client falls back to initialize
    HttpResponse<Buffer> discover = mcp.send(HttpMethod.POST, McpHttp.headers(null).set("mcp-protocol-version", "2026-07-28"),
      McpHttp.request(5, "server/discover", null).encode());
    assertEquals(400, discover.statusCode());
    JsonObject error = McpHttp.message(discover).getJsonObject("error");
    assertEquals(McpProtocol.UNSUPPORTED_PROTOCOL_VERSION, error.getInteger("code"));
    assertEquals(new JsonArray(McpProtocol.VERSIONS), error.getJsonObject("data").getJsonArray("supported"));
    // a notification is accepted without a body
    HttpResponse<Buffer> note = mcp.post(session, McpHttp.notification("notifications/cancelled", new JsonObject().put("requestId", 99)));
    assertEquals(202, note.statusCode());
  }

  @Test
  void deleteEndsTheSessionAndTheNumberOfSessionsIsBounded() {
    String session = mcp.initialize();
    assertEquals(200, mcp.send(HttpMethod.DELETE, McpHttp.headers(session), null).statusCode());
    assertEquals(404, mcp.post(session, McpHttp.request(1, "ping", null)).statusCode());
    List<String> opened = new java.util.ArrayList<>();
    HttpResponse<Buffer> refused = null;
    for (int i = 0; i < 9 && refused == null; i++) {
      HttpResponse<Buffer> r = mcp.post(null, McpHttp.request(1, "initialize", new JsonObject().put("protocolVersion", "2025-11-25")));
      if (r.statusCode() == 200) {
        opened.add(r.getHeader("mcp-session-id"));
      } else {
        refused = r;
      }
    }
    assertNotNull(refused, "more than mcp.maxSessions sessions were opened");
    assertEquals(503, refused.statusCode());
    assertEquals(McpProtocol.OVERLOADED, McpHttp.message(refused).getJsonObject("error").getInteger("code"));
    opened.forEach(s -> mcp.send(HttpMethod.DELETE, McpHttp.headers(s), null));
    mcp.initialize();
  }

  @Test
  void toolsCallAnswersStructuredContentOrAnIsErrorResultOrAJsonRpcError() {
    String session = mcp.initialize();
    JsonObject ok = McpHttp.message(mcp.post(session, McpHttp.request("a", "tools/call",
      new JsonObject().put("name", "fx.echo").put("arguments", new JsonObject().put("text", "hi")))));
    assertEquals("a", ok.getValue("id"));
    assertEquals(new JsonObject().put("text", "hi"), ok.getJsonObject("result").getJsonObject("structuredContent"));
    assertFalse(ok.getJsonObject("result").getBoolean("isError"));
    JsonObject bad = McpHttp.message(mcp.post(session, McpHttp.request(2, "tools/call",
      new JsonObject().put("name", "fx.echo").put("arguments", new JsonObject().put("text", "x".repeat(101))))));
    JsonObject error = bad.getJsonObject("result").getJsonObject("structuredContent").getJsonObject("error");
    assertTrue(bad.getJsonObject("result").getBoolean("isError"));
    assertEquals("VALIDATION", error.getString("code"));
    assertEquals("/text", error.getJsonObject("details").getJsonArray("violations").getJsonObject(0).getString("pointer"));
    JsonObject unknown = McpHttp.message(mcp.post(session, McpHttp.request(3, "tools/call", new JsonObject().put("name", "no.such"))));
    assertEquals(McpProtocol.INVALID_PARAMS, unknown.getJsonObject("error").getInteger("code"));
    assertEquals("NOT_FOUND", unknown.getJsonObject("error").getJsonObject("data").getJsonObject("error").getString("code"));
    JsonObject noArgs = McpHttp.message(mcp.post(session, McpHttp.request(4, "tools/call",
      new JsonObject().put("name", "fx.echo").put("arguments", "nope"))));
    assertEquals(McpProtocol.INVALID_PARAMS, noArgs.getJsonObject("error").getInteger("code"));
    // the bearer token goes through as on HTTP invoke
    JsonObject secure = McpHttp.message(mcp.send(HttpMethod.POST, McpHttp.headers(session).add("authorization", dhii.admin()),
      McpHttp.request(5, "tools/call", new JsonObject().put("name", "ws.user").put("arguments", new JsonObject().put("text", "x")))
        .encode()));
    assertFalse(secure.getJsonObject("result").getBoolean("isError"), secure.encode());
    JsonObject badCursor = McpHttp.message(mcp.post(session, McpHttp.request(6, "tools/list", new JsonObject().put("cursor", "!!"))));
    assertEquals(McpProtocol.INVALID_PARAMS, badCursor.getJsonObject("error").getInteger("code"));
  }

  @Test
  void notificationsCancelledFiresTheCallsTokenAndTheNotificationStreamHearsListChanged() throws Exception {
    String session = mcp.initialize();
    HttpClient client = dhii.vertx().createHttpClient();
    StringBuilder events = new StringBuilder();
    RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(dhii.httpPort())
      .setURI(McpServer.PATH).setHeaders(MultiMap.caseInsensitiveMultiMap().add("accept", "text/event-stream")
        .add("mcp-session-id", session));
    HttpClientResponse stream = client.request(get).compose(r -> r.send()).await(10, TimeUnit.SECONDS);
    assertEquals(200, stream.statusCode());
    assertTrue(stream.getHeader("content-type").startsWith("text/event-stream"));
    stream.handler(b -> {
      synchronized (events) {
        events.append(b.toString());
      }
    });
    String key = "mcp-cancel-" + UUID.randomUUID();
    WsFixturePlugin.Gate gate = WsFixturePlugin.gate(key);
    CompletableFuture<HttpResponse<Buffer>> held = CompletableFuture.supplyAsync(() -> mcp.post(session,
      McpHttp.request(7, "tools/call", new JsonObject().put("name", "ws.hold").put("arguments", new JsonObject().put("text", key)))));
    gate.entered.await(n -> n == 1, Duration.ofSeconds(10), "the call reached the plugin");
    assertEquals(202, mcp.post(session, McpHttp.notification("notifications/cancelled",
      new JsonObject().put("requestId", 7).put("reason", "user stopped it"))).statusCode());
    gate.cancelled.await(n -> n == 1, Duration.ofSeconds(10), "the call's token fired");
    HttpResponse<Buffer> answer = held.get(20, TimeUnit.SECONDS);
    assertFalse(answer.bodyAsString().contains("\"id\":7"), "a cancelled request gets no response: " + answer.bodyAsString());
    gate.release();

    assertEquals(200, dhii.http().post("/v1/plugins/ws/disable").putHeader("authorization", dhii.admin())
      .send().await(20, TimeUnit.SECONDS).statusCode());
    Await.until(() -> {
      synchronized (events) {
        return events.toString().contains("notifications/tools/list_changed");
      }
    }, Duration.ofSeconds(10), "list_changed after a disable");
    JsonObject listed = McpHttp.message(mcp.post(session, McpHttp.request(8, "tools/list", null))).getJsonObject("result");
    assertNull(listed.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name"))
      .filter(n -> n.startsWith("ws.")).findAny().orElse(null), "a disabled plugin's tools are not listed");
    assertEquals(200, dhii.http().post("/v1/plugins/ws/enable").putHeader("authorization", dhii.admin())
      .send().await(20, TimeUnit.SECONDS).statusCode());
    client.close();
  }
}
