package dev.dhii.runtime;

import dev.dhii.runtime.cluster.HazelcastConfig;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Creates the Vert.x instance the runtime runs on, from the runtime's options. */
public final class VertxFactory {

  /**
   * The Vert.x metrics kept: worker pools only. Per-request HTTP, TCP and event bus meters would add a
   * tagged meter lookup to every call; the runtime counts its calls itself ({@code dhii_*}).
   */
  private static final Set<String> DISABLED_METRICS = EnumSet.complementOf(EnumSet.of(MetricsDomain.NAMED_POOLS))
    .stream().map(MetricsDomain::toCategory).collect(Collectors.toSet());
  /** Each Vert.x records into its own telemetry's registry: registry names must not be shared across instances. */
  private static final AtomicInteger REGISTRY_NAMES = new AtomicInteger();

  private VertxFactory() {
  }

  /**
   * @param options the runtime's options
   * @param telemetry the runtime's telemetry: when tracing, Vert.x traces HTTP requests and event bus
   *                  messages with it and propagates W3C trace context across the event bus; when keeping
   *                  metrics, Vert.x records its worker pools and event-loop delay into its registry
   * @param clustered whether to join the cluster ({@code serve --cluster}): Hazelcast over TCP/IP with the
   *     members of {@code cluster.members}, the event bus on {@code cluster.eventBusHost:eventBusPort}
   * @return the Vert.x instance, once it has joined the cluster when clustered
   */
  public static Future<Vertx> create(RuntimeOptions options, Telemetry telemetry, boolean clustered) {
    return create(options, telemetry, clustered, new VertxOptions());
  }

  /**
   * The same Vert.x, built from options a caller started with (a test's tight blocked-thread checker).
   *
   * @param options the runtime's options
   * @param telemetry the runtime's telemetry, as for {@link #create(RuntimeOptions, Telemetry, boolean)}
   * @param clustered whether to join the cluster
   * @param vertxOptions the options to start from; the event bus address (when clustered) and the metrics
   *     options are set on them here
   * @return the Vert.x instance, once it has joined the cluster when clustered
   */
  public static Future<Vertx> create(RuntimeOptions options, Telemetry telemetry, boolean clustered,
                                     VertxOptions vertxOptions) {
    if (clustered) {
      vertxOptions.getEventBusOptions().setHost(options.eventBusHost()).setPort(options.eventBusPort());
    }
    VertxBuilder builder = Vertx.builder();
    if (telemetry.options().isTracing()) {
      builder.withTracer(new OpenTelemetryTracingFactory(telemetry.openTelemetry()));
    }
    MeterRegistry meters = telemetry.meterRegistry();
    if (meters != null && telemetry.options().isPoolMetrics()) {
      vertxOptions.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName("dhii-" + REGISTRY_NAMES.incrementAndGet()).setDisabledMetricsCategories(DISABLED_METRICS));
      builder.withMetrics(new MicrometerMetricsFactory(meters));
    }
    builder.with(vertxOptions);
    if (!clustered) {
      Vertx vertx = builder.build();
      telemetry.watch(vertx);
      return Future.succeededFuture(vertx);
    }
    HazelcastClusterManager clusterManager;
    try {
      clusterManager = new HazelcastClusterManager(HazelcastConfig.from(options));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return builder.withClusterManager(clusterManager).buildClustered().onSuccess(telemetry::watch);
  }
}
