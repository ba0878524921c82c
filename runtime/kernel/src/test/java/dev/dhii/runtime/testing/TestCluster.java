package dev.dhii.runtime.testing;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Real Vert.x cluster members in this JVM, joined through the runtime's own {@link VertxFactory}:
 * Hazelcast over TCP/IP on 127.0.0.1 only, a cluster name of its own (so tests running beside each other
 * never meet), no join delay, short deadlines. Each member takes a free port as it joins and lists the
 * addresses the members before it actually bound.
 */
public final class TestCluster {

  private final String name = "dhii-test-" + UUID.randomUUID();
  private final List<String> joined = new CopyOnWriteArrayList<>();

  private TestCluster() {
  }

  /** @return a cluster with no member yet */
  public static TestCluster create() {
    return new TestCluster();
  }

  private RuntimeOptions options(int port, Path pluginDir) {
    JsonArray members = new JsonArray();
    joined.forEach(members::add);
    members.add("127.0.0.1:" + port);
    JsonObject conf = new JsonObject().put("cluster", new JsonObject().put("name", name).put("members", members)
      .put("host", "127.0.0.1").put("port", port).put("eventBusPort", 0)
      .put("replyGraceMs", 500).put("infoTimeoutMs", 1000)
      .put("properties", new JsonObject().put("hazelcast.wait.seconds.before.join", "0")
        .put("hazelcast.partition.count", "23")));
    return TestRuntime.options(pluginDir, conf);
  }

  /**
   * @param pluginDir the plugin directory (read only if a runtime is started on the member)
   * @return a clustered Vert.x instance that has joined
   */
  public Vertx join(Path pluginDir) {
    return join(options(freePort(), pluginDir));
  }

  private Vertx join(RuntimeOptions options) {
    Vertx vertx;
    try {
      vertx = VertxFactory.create(options, dev.dhii.runtime.telemetry.Telemetry.create(options.telemetry()), true)
        .await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("A member did not join: " + e, e);
    }
    var local = ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance()
      .getCluster().getLocalMember().getAddress();
    joined.add(local.getHost() + ":" + local.getPort());
    return vertx;
  }

  /**
   * @param pluginDir its plugin directory
   * @return a runtime on a new member
   */
  public DhiiRuntime start(Path pluginDir) {
    RuntimeOptions options = options(freePort(), pluginDir);
    Vertx vertx = join(options);
    try {
      return DhiiRuntime.start(vertx, options).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("The runtime did not start: " + e, e);
    }
  }

  /** @param runtime a runtime to stop, then its member to close, or null */
  public static void stop(DhiiRuntime runtime) {
    if (runtime == null) {
      return;
    }
    try {
      runtime.stop().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("A runtime did not stop: " + e, e);
    } finally {
      close(runtime.vertx());
    }
  }

  /** @param vertx a member to close, or null */
  public static void close(Vertx vertx) {
    if (vertx == null) {
      return;
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("A member did not leave: " + e, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
