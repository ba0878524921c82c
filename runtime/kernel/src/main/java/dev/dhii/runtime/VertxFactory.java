package dev.dhii.runtime;

import dev.dhii.runtime.cluster.HazelcastConfig;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Creates the Vert.x instance the runtime runs on, from the runtime's options. */
public final class VertxFactory {

  private VertxFactory() {
  }

  /**
   * @param options the runtime's options
   * @param telemetry the runtime's telemetry: when tracing, Vert.x traces HTTP requests and event bus
   *                  messages with it and propagates W3C trace context across the event bus
   * @param clustered whether to join the cluster ({@code serve --cluster}): Hazelcast over TCP/IP with the
   *     members of {@code cluster.members}, the event bus on {@code cluster.eventBusHost:eventBusPort}
   * @return the Vert.x instance, once it has joined the cluster when clustered
   */
  public static Future<Vertx> create(RuntimeOptions options, Telemetry telemetry, boolean clustered) {
    VertxOptions vertxOptions = new VertxOptions();
    if (clustered) {
      vertxOptions.getEventBusOptions().setHost(options.eventBusHost()).setPort(options.eventBusPort());
    }
    VertxBuilder builder = Vertx.builder().with(vertxOptions);
    if (telemetry.options().isTracing()) {
      builder.withTracer(new OpenTelemetryTracingFactory(telemetry.openTelemetry()));
    }
    if (!clustered) {
      return Future.succeededFuture(builder.build());
    }
    HazelcastClusterManager clusterManager;
    try {
      clusterManager = new HazelcastClusterManager(HazelcastConfig.from(options));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return builder.withClusterManager(clusterManager).buildClustered();
  }
}
