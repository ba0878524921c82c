package dev.dhii.runtime;

import dev.dhii.runtime.cluster.HazelcastConfig;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Creates the Vert.x instance the runtime runs on, from the runtime's options. */
public final class VertxFactory {

  private VertxFactory() {
  }

  /**
   * @param options the runtime's options
   * @param clustered whether to join the cluster ({@code serve --cluster}): Hazelcast over TCP/IP with the
   *     members of {@code cluster.members}, the event bus on {@code cluster.eventBusHost:eventBusPort}
   * @return the Vert.x instance, once it has joined the cluster when clustered
   */
  public static Future<Vertx> create(RuntimeOptions options, boolean clustered) {
    VertxOptions vertxOptions = new VertxOptions();
    if (!clustered) {
      return Future.succeededFuture(Vertx.vertx(vertxOptions));
    }
    vertxOptions.getEventBusOptions().setHost(options.eventBusHost()).setPort(options.eventBusPort());
    HazelcastClusterManager clusterManager;
    try {
      clusterManager = new HazelcastClusterManager(HazelcastConfig.from(options));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Vertx.builder().with(vertxOptions).withClusterManager(clusterManager).buildClustered();
  }
}
