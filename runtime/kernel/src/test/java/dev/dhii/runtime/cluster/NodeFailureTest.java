package dev.dhii.runtime.cluster;

import dev.dhii.api.ErrorCode;
import dev.dhii.client.DhiiCallException;
import dev.dhii.client.DhiiClient;
import dev.dhii.client.DhiiClientOptions;
import dev.dhii.client.InvokeOptions;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.NodeFixturePlugin;
import dev.dhii.runtime.fixtures.NodeFixturePlugin.Node;
import dev.dhii.runtime.fixtures.NodeFixturePlugin.Where;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.TestCluster;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes leaving and joining under a client's calls, in order: nodes A and B serve {@code where.am}, a
 * bare member C calls it; B is closed with calls in flight, then A; then a new node B2 joins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeFailureTest {

  static final long CALL_TIMEOUT_MS = 1_000;
  static final long GRACE_MS = 500;
  /** Scheduling slack on a loaded two-core machine, on top of a call's deadline and grace. */
  static final long SLACK_MS = 1_500;

  @TempDir
  static Path root;
  static TestCluster cluster;
  static DhiiRuntime a;
  static DhiiRuntime b;
  static DhiiRuntime b2;
  static Vertx c;
  static DhiiClient client;
  static boolean bClosed;
  static boolean aStopped;

  @BeforeAll
  static void start() {
    TestManifests.write(root.resolve("a"), "where", NodeFixturePlugin.class, List.of("where.am"), config("a"));
    TestManifests.write(root.resolve("b"), "where", NodeFixturePlugin.class, List.of("where.am"), config("b"));
    TestManifests.write(root.resolve("b2"), "where", NodeFixturePlugin.class, List.of("where.am"), config("b2"));
    cluster = TestCluster.create();
    a = cluster.start(root.resolve("a"));
    b = cluster.start(root.resolve("b"));
    c = cluster.join(root.resolve("none"));
    client = DhiiClient.create(c, new DhiiClientOptions().setReplyGraceMs(GRACE_MS));
  }

  static JsonObject config(String node) {
    return new JsonObject().put("config", new JsonObject().put("node", node))
      .put("resources", new JsonObject().put("maxConcurrency", 64).put("maxQueue", 256));
  }

  @AfterAll
  static void stop() {
    TestCluster.stop(b2);
    if (!aStopped) {
      TestCluster.stop(a);
    }
    if (!bClosed) {
      TestCluster.stop(b);
    }
    TestCluster.close(c);
  }

  static Future<Node> where(int delayMs) {
    return client.invoke("where.am", new Where(delayMs), Node.class, new InvokeOptions().setTimeoutMs(CALL_TIMEOUT_MS));
  }

  /** How one call ended. */
  record Outcome(String node, Throwable failure, long elapsedMs) {
  }

  static Outcome call(int delayMs) {
    long t0 = System.nanoTime();
    try {
      Node node = where(delayMs).await(CALL_TIMEOUT_MS + GRACE_MS + SLACK_MS, TimeUnit.MILLISECONDS);
      return new Outcome(node.node(), null, (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception e) {
      return new Outcome(null, e, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  @Test
  @Order(1)
  void callsInFlightToANodeThatLeavesEndWithAResultOrATypedErrorWithinTheirDeadline() throws Exception {
    Set<String> warm = new HashSet<>();
    for (int i = 0; i < 200 && warm.size() < 2; i++) {
      warm.add(call(0).node());
    }
    assertEquals(Set.of("a", "b"), warm, "both nodes serve before one leaves");

    int total = 400;
    int closeAfter = 80;
    Semaphore inFlight = new Semaphore(32);
    CountDownLatch ended = new CountDownLatch(total);
    AtomicInteger completed = new AtomicInteger();
    AtomicReference<Future<Void>> closing = new AtomicReference<>();
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < total; i++) {
      assertTrue(inFlight.tryAcquire(CALL_TIMEOUT_MS + GRACE_MS + SLACK_MS, TimeUnit.MILLISECONDS), "a call never ended");
      long t0 = System.nanoTime();
      where(20).onComplete(ar -> {
        outcomes.add(new Outcome(ar.succeeded() ? ar.result().node() : null, ar.cause(), (System.nanoTime() - t0) / 1_000_000));
        if (completed.incrementAndGet() == closeAfter) {
          bClosed = true;
          closing.set(b.vertx().close()); // node B leaves with calls in flight to it
        }
        inFlight.release();
        ended.countDown();
      });
    }
    assertTrue(ended.await(CALL_TIMEOUT_MS + GRACE_MS + SLACK_MS, TimeUnit.MILLISECONDS), "calls still pending: " + ended.getCount());
    closing.get().await(30, TimeUnit.SECONDS);

    assertEquals(total, outcomes.size(), "every call ends exactly once");
    Map<String, Integer> tally = new ConcurrentHashMap<>();
    for (Outcome outcome : outcomes) {
      String key = outcome.failure() == null ? "served by " + outcome.node()
        : assertInstanceOf(DhiiCallException.class, outcome.failure()).code().name();
      tally.merge(key, 1, Integer::sum);
      assertTrue(outcome.elapsedMs() <= CALL_TIMEOUT_MS + GRACE_MS + SLACK_MS, "took " + outcome.elapsedMs() + " ms");
      if (outcome.failure() != null) {
        ErrorCode code = ((DhiiCallException) outcome.failure()).code();
        assertTrue(code == ErrorCode.TIMEOUT || code == ErrorCode.UNAVAILABLE, "unexpected " + outcome.failure());
      }
    }
    assertTrue(tally.getOrDefault("served by a", 0) > 0 && tally.getOrDefault("served by b", 0) > 0, tally.toString());
    Await.until(() -> !ClusterNodes.members(c).contains(b.nodeId()), Duration.ofSeconds(10), "B has left");
  }

  @Test
  @Order(2)
  void laterCallsGoToTheSurvivingNodeAtOnce() {
    for (int i = 0; i < 20; i++) {
      Outcome outcome = call(0);
      assertEquals("a", outcome.node(), String.valueOf(outcome.failure()));
      assertTrue(outcome.elapsedMs() < CALL_TIMEOUT_MS, "took " + outcome.elapsedMs() + " ms");
    }
  }

  @Test
  @Order(3)
  void withNoNodeLeftACallFailsFastWithUnavailableNotNotFound() {
    aStopped = true;
    TestCluster.stop(a);
    Await.until(() -> !ClusterNodes.members(c).contains(a.nodeId()), Duration.ofSeconds(10), "A has left");
    Outcome outcome = call(0);
    DhiiCallException failure = assertInstanceOf(DhiiCallException.class, outcome.failure());
    assertEquals(ErrorCode.UNAVAILABLE, failure.code(), failure.getMessage());
    assertEquals("where", failure.pluginId());
    assertTrue(outcome.elapsedMs() < CALL_TIMEOUT_MS, "took " + outcome.elapsedMs() + " ms");
  }

  @Test
  @Order(4)
  void aNodeThatJoinsServesAgain() {
    b2 = cluster.start(root.resolve("b2"));
    Outcome outcome = call(0);
    for (int i = 0; i < 50 && outcome.failure() != null; i++) {
      // until this member has seen the new node's registration (milliseconds); each try fails fast
      assertEquals(ErrorCode.UNAVAILABLE, assertInstanceOf(DhiiCallException.class, outcome.failure()).code());
      outcome = call(0);
    }
    assertEquals("b2", outcome.node(), String.valueOf(outcome.failure()));
  }
}
