package dev.dhii.runtime.cluster;

import dev.dhii.client.DhiiClient;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.NodeFixturePlugin;
import dev.dhii.runtime.testing.TestCluster;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three runtime nodes serving the same plugin and a bare member calling it, in one Hazelcast cluster on
 * 127.0.0.1: the member's calls spread over all three and concurrent calls all succeed, while each node's HTTP
 * bridge serves its own copy first. (Aggregate throughput against one node is a benchmark:
 * {@code ./dhii bench --mode cluster}, README "Measured".)
 */
class ThreeNodeClusterTest {

  /** Concurrent calls: 60 a node when spread evenly, under each node's bulkhead (16 running and 64 queued). */
  static final int CALLS = 180;

  @TempDir
  static Path root;
  static TestCluster cluster;
  static List<DhiiRuntime> nodes = new ArrayList<>();
  static Vertx member;
  static DhiiClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.create();
    for (String node : List.of("n1", "n2", "n3")) {
      Path plugins = root.resolve(node);
      TestManifests.write(plugins, "where", NodeFixturePlugin.class, List.of("where.am"),
        new JsonObject().put("config", new JsonObject().put("node", node)));
      nodes.add(cluster.start(plugins));
    }
    member = cluster.join(root.resolve("none"));
    client = DhiiClient.create(member);
    // the member learns the nodes' registrations asynchronously: one call at a time until each node has answered,
    // so that the concurrent calls below spread over all three (else one node gets them all and is overloaded)
    Set<String> seen = new TreeSet<>();
    long deadline = System.currentTimeMillis() + 20_000;
    while (seen.size() < 3 && System.currentTimeMillis() < deadline) {
      seen.add(client.invoke("where.am", new NodeFixturePlugin.Where(null), NodeFixturePlugin.Node.class)
        .await(10, TimeUnit.SECONDS).node());
    }
    assertEquals(Set.of("n1", "n2", "n3"), seen, "the nodes the member's calls reached");
  }

  @AfterAll
  static void stop() {
    TestCluster.close(member);
    nodes.forEach(TestCluster::stop);
  }

  @Test
  void concurrentCallsOfAMemberSpreadOverEveryNode() throws Exception {
    List<Future<NodeFixturePlugin.Node>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      calls.add(client.invoke("where.am", new NodeFixturePlugin.Where(null), NodeFixturePlugin.Node.class));
    }
    Future.all(calls).await(30, TimeUnit.SECONDS);
    Map<String, Integer> served = new TreeMap<>();
    calls.forEach(call -> served.merge(call.result().node(), 1, Integer::sum));
    assertEquals(List.of("n1", "n2", "n3"), List.copyOf(served.keySet()), served.toString());
    assertEquals(CALLS, served.values().stream().mapToInt(Integer::intValue).sum());
    // round robin over the three registrations: no node takes much more or less than its third
    served.forEach((node, count) -> assertTrue(count >= CALLS / 5 && count <= CALLS / 2, served.toString()));
  }

  @Test
  void eachNodesHttpBridgeServesItsOwnPluginFirst() throws Exception {
    WebClient http = WebClient.create(member);
    try {
      for (int i = 0; i < nodes.size(); i++) {
        Map<String, Integer> served = new TreeMap<>();
        for (int call = 0; call < 30; call++) {
          JsonObject body = http.post(nodes.get(i).httpPort(), "127.0.0.1", "/v1/capabilities/where.am/invoke")
            .sendJsonObject(new JsonObject()).await(20, TimeUnit.SECONDS).bodyAsJsonObject();
          served.merge(body.getJsonObject("result").getString("node"), 1, Integer::sum);
        }
        // local first: a node that serves the capability itself takes no network hop
        assertEquals(Map.of("n" + (i + 1), 30), served);
      }
    } finally {
      http.close();
    }
  }
}
