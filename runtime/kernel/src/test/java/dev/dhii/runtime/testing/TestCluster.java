package dev.dhii.runtime.testing;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real Vert.x cluster members in this JVM, joined through the runtime's own {@link VertxFactory}:
 * Hazelcast over TCP/IP on 127.0.0.1 only, a cluster name and ports of its own (so tests running beside
 * each other never meet), no join delay, short deadlines.
 */
public final class TestCluster {

  private final String name = "dhii-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();

  private TestCluster(int size) {
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
  }

  /** @param size how many members it will have at most @return a cluster with none yet */
  public static TestCluster create(int size) {
    return new TestCluster(size);
  }

  /**
   * @param member the member's index, below the cluster's size
   * @param pluginDir its plugin directory
   * @param overrides configuration merged over the test defaults, or null
   * @return the options of that member
   */
  public RuntimeOptions options(int member, Path pluginDir, JsonObject overrides) {
    JsonArray members = new JsonArray();
    ports.forEach(p -> members.add("127.0.0.1:" + p));
    JsonObject conf = new JsonObject().put("cluster", new JsonObject().put("name", name).put("members", members)
      .put("host", "127.0.0.1").put("port", ports.get(member)).put("eventBusPort", 0)
      .put("replyGraceMs", 500).put("infoTimeoutMs", 1000)
      .put("properties", new JsonObject().put("hazelcast.wait.seconds.before.join", "0")
        .put("hazelcast.partition.count", "23")));
    if (overrides != null) {
      conf.mergeIn(overrides, true);
    }
    return TestRuntime.options(pluginDir, conf);
  }

  /**
   * @param member the member's index
   * @param pluginDir its plugin directory (read only if a runtime is started on it)
   * @return a clustered Vert.x instance that has joined
   */
  public Vertx join(int member, Path pluginDir) {
    try {
      return VertxFactory.create(options(member, pluginDir, null), true).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Member " + member + " did not join: " + e, e);
    }
  }

  /**
   * @param member the member's index
   * @param pluginDir its plugin directory
   * @return a runtime on a new member
   */
  public DhiiRuntime start(int member, Path pluginDir) {
    Vertx vertx = join(member, pluginDir);
    try {
      return DhiiRuntime.start(vertx, options(member, pluginDir, null)).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("The runtime of member " + member + " did not start: " + e, e);
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
