package dev.dhii.runtime.cluster;

import dev.dhii.api.ErrorCode;
import dev.dhii.client.DhiiCallException;
import dev.dhii.client.DhiiClient;
import dev.dhii.client.InvokeOptions;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.NodeFixturePlugin;
import dev.dhii.runtime.fixtures.Text;
import dev.dhii.runtime.testing.RpcClient;
import dev.dhii.runtime.testing.TestCluster;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two runtime nodes and a bare Vert.x member in one Hazelcast cluster on 127.0.0.1: node A serves
 * {@code fx} and {@code where}, node B serves {@code where} only, member C has no runtime and calls
 * with {@link DhiiClient}.
 */
class ClusterInvokeTest {

  @TempDir
  static Path root;
  static TestCluster cluster;
  static DhiiRuntime a;
  static DhiiRuntime b;
  static Vertx c;
  static DhiiClient client;
  static WebClient http;

  @BeforeAll
  static void start() {
    Path pluginsA = root.resolve("a");
    Path pluginsB = root.resolve("b");
    TestManifests.write(pluginsA, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
    TestManifests.write(pluginsA, "where", NodeFixturePlugin.class, List.of("where.am"), config("a"));
    TestManifests.write(pluginsB, "where", NodeFixturePlugin.class, List.of("where.am"), config("b"));
    cluster = TestCluster.create();
    a = cluster.start(pluginsA);
    b = cluster.start(pluginsB);
    c = cluster.join(root.resolve("none"));
    client = DhiiClient.create(c);
    http = WebClient.create(c);
  }

  static JsonObject config(String node) {
    return new JsonObject().put("config", new JsonObject().put("node", node));
  }

  @AfterAll
  static void stop() {
    TestCluster.close(c);
    TestCluster.stop(b);
    TestCluster.stop(a);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static DhiiCallException failure(Future<?> call) {
    try {
      call.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      return assertInstanceOf(DhiiCallException.class, e);
    }
    throw new AssertionError("The call succeeded");
  }

  static HttpResponse<Buffer> post(DhiiRuntime node, String path, JsonObject body) {
    return await(http.post(node.httpPort(), "127.0.0.1", path).putHeader("x-request-id", "http-1").sendJsonObject(body));
  }

  static JsonObject get(DhiiRuntime node, String path) {
    HttpResponse<Buffer> response = await(http.get(node.httpPort(), "127.0.0.1", path).send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  @Test
  void theHttpBridgeOfANodeInvokesACapabilityServedOnlyByAnotherNode() {
    HttpResponse<Buffer> response = post(b, "/v1/capabilities/fx.echo/invoke", new JsonObject().put("text", "over there"));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("over there", response.bodyAsJsonObject().getJsonObject("result").getString("text"));
    assertEquals("http-1", response.bodyAsJsonObject().getString("requestId"));
  }

  @Test
  void errorsOfTheServingNodeReachAnotherNodesHttpCallerTyped() {
    HttpResponse<Buffer> anonymous = post(b, "/v1/capabilities/fx.secure/invoke", new JsonObject().put("text", "x"));
    assertEquals(401, anonymous.statusCode(), anonymous.bodyAsString());
    JsonObject error = anonymous.bodyAsJsonObject().getJsonObject("error");
    assertEquals("AUTHENTICATION", error.getString("code"));
    assertEquals("fx", error.getString("pluginId"));
    assertEquals("http-1", error.getString("requestId"));

    HttpResponse<Buffer> invalid = post(b, "/v1/capabilities/fx.echo/invoke", new JsonObject().put("text", 7));
    assertEquals(400, invalid.statusCode(), invalid.bodyAsString());
    assertEquals("/text", invalid.bodyAsJsonObject().getJsonObject("error").getJsonObject("details")
      .getJsonArray("violations").getJsonObject(0).getString("pointer"));

    HttpResponse<Buffer> unknown = post(b, "/v1/capabilities/fx.nothing/invoke", new JsonObject());
    assertEquals(404, unknown.statusCode(), unknown.bodyAsString());
    assertEquals("NOT_FOUND", unknown.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  @Test
  void aBareClusterMemberInvokesWithTheClientInJsonAndInRecords() {
    assertEquals("json", await(client.invoke("fx.echo", new JsonObject().put("text", "json"))).getString("text"));
    Text typed = await(client.invoke("fx.echo", new Text("typed", 3), Text.class));
    assertEquals(new Text("typed", 3), typed);
    Text trusted = await(client.invoke("fx.secure", new Text("alice's", null), Text.class,
      new InvokeOptions().setUserId("alice")));
    assertEquals("alice's", trusted.text());
    JsonObject whoami = await(client.invoke("fx.whoami", new JsonObject(),
      new InvokeOptions().setRequestId("client-1").setTimeoutMs(1234)));
    assertEquals("client-1", whoami.getString("requestId"));
    assertEquals(1234, whoami.getLong("timeoutMs"));
  }

  @Test
  void clientFailuresCarryTheErrorCodeRequestIdAndPlugin() {
    DhiiCallException invalid = failure(client.invoke("fx.echo", new JsonObject().put("text", 7),
      new InvokeOptions().setRequestId("bad-1")));
    assertEquals(ErrorCode.VALIDATION, invalid.code());
    assertEquals("bad-1", invalid.requestId());
    assertEquals("fx", invalid.pluginId());
    assertEquals("fx.echo", invalid.capabilityId());
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, invalid.failureType());
    assertFalse(invalid.details().getJsonArray("violations").isEmpty());

    DhiiCallException anonymous = failure(client.invoke("fx.secure", new Text("x", null), Text.class));
    assertEquals(ErrorCode.AUTHENTICATION, anonymous.code());

    DhiiCallException token = failure(client.invoke("fx.secure", new Text("x", null), Text.class,
      new InvokeOptions().setAuthorization("Bearer not-a-token")));
    assertEquals(ErrorCode.AUTHENTICATION, token.code());

    DhiiCallException unknown = failure(client.invoke("nobody.serves", new JsonObject()));
    assertEquals(ErrorCode.NOT_FOUND, unknown.code());
    assertEquals(ReplyFailure.NO_HANDLERS, unknown.failureType());
    assertEquals("nobody.serves", unknown.capabilityId());
    assertTrue(unknown.requestId() != null && !unknown.requestId().isEmpty());
  }

  @Test
  void nodesServingTheSamePluginShareTheClientsCalls() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200 && seen.size() < 2; i++) {
      seen.add(await(client.invoke("where.am", new NodeFixturePlugin.Where(null), NodeFixturePlugin.Node.class)).node());
    }
    assertEquals(Set.of("a", "b"), seen);
  }

  @Test
  void listingsOfAnyNodeShowTheWholeClusterAndWhereEachPluginRuns() {
    JsonObject plugins = get(b, "/v1/plugins");
    JsonObject fx = find(plugins.getJsonArray("plugins"), "fx");
    assertEquals(new JsonArray().add(a.nodeId()), fx.getJsonArray("nodes"));
    assertEquals("READY", fx.getString("state"));
    JsonObject where = find(plugins.getJsonArray("plugins"), "where");
    assertEquals(Set.of(a.nodeId(), b.nodeId()), Set.copyOf(where.getJsonArray("nodes").getList()));
    assertEquals(b.nodeId(), where.getString("node"), "this node's own figures come first");
    JsonObject members = plugins.getJsonObject("cluster");
    assertEquals(b.nodeId(), members.getString("node"));
    assertEquals(Set.of(a.nodeId(), b.nodeId()), Set.copyOf(members.getJsonArray("nodes").getList()),
      "the bare member is no runtime");
    assertTrue(members.getJsonArray("unreachable").isEmpty());

    JsonObject capabilities = get(b, "/v1/capabilities");
    JsonObject echo = find(capabilities.getJsonArray("capabilities"), "fx.echo");
    assertEquals(new JsonArray().add(a.nodeId()), echo.getJsonArray("nodes"));
    assertTrue(echo.containsKey("inputSchema"), echo.encode());
    assertEquals(2, find(capabilities.getJsonArray("capabilities"), "where.am").getJsonArray("nodes").size());

    assertEquals(new JsonArray().add(a.nodeId()), get(b, "/v1/plugins/fx").getJsonArray("nodes"));
    assertEquals(404, await(http.get(b.httpPort(), "127.0.0.1", "/v1/plugins/nope").send()).statusCode());
  }

  @Test
  void theWebSocketOfAnyNodeListsTheWholeClusterAndInvokesRemotely() {
    try (RpcClient ws = RpcClient.connect(c, b.httpPort(), null)) {
      JsonObject plugins = ws.call(1, "plugins.list", null).getJsonObject("result");
      assertEquals(new JsonArray().add(a.nodeId()), find(plugins.getJsonArray("plugins"), "fx").getJsonArray("nodes"));
      JsonObject capabilities = ws.call(2, "capabilities.list", null).getJsonObject("result");
      assertEquals(new JsonArray().add(a.nodeId()), find(capabilities.getJsonArray("capabilities"), "fx.echo").getJsonArray("nodes"));
      JsonObject reply = ws.call(3, "invoke", new JsonObject().put("capability", "fx.echo")
        .put("input", new JsonObject().put("text", "over ws")));
      assertEquals("over ws", reply.getJsonObject("result").getString("text"), reply.encode());
    }
  }

  static JsonObject find(JsonArray list, String id) {
    for (Object item : list) {
      if (id.equals(((JsonObject) item).getString("id"))) {
        return (JsonObject) item;
      }
    }
    throw new AssertionError(id + " not in " + list.encode());
  }

  @Test
  void eachNodeAnswersItsListingOnAnInternalAddress() {
    JsonObject answer = await(c.eventBus().<JsonObject>request("dhii.node." + a.nodeId() + ".info", null)).body();
    assertEquals("fx", find(answer.getJsonArray("plugins"), "fx").getString("id"));
    assertNull(answer.getJsonArray("plugins").getJsonObject(0).getJsonArray("nodes"), "a node's own answer is local");
  }
}
