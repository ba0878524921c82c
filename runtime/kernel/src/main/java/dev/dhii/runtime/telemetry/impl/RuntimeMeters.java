package dev.dhii.runtime.telemetry.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JVM, process and Vert.x metrics of {@code GET /metrics}, kept by Micrometer and written by its Prometheus
 * registry after the runtime's own {@code dhii_*} families: heap and non-heap memory and buffer pools
 * ({@code jvm_memory_*}, {@code jvm_buffer_*}), garbage collection ({@code jvm_gc_*}), threads
 * ({@code jvm_threads_*}), classes ({@code jvm_classes_*}), CPU ({@code process_cpu_usage}, {@code system_cpu_*}),
 * uptime ({@code process_uptime_seconds}, {@code process_start_time_seconds}), open files
 * ({@code process_files_*}); with a Vert.x built by {@code VertxFactory}, its worker pools ({@code vertx_pool_*})
 * and the delay of its event loops ({@code vertx_eventloop_delay_seconds}, see {@link EventLoopDelay}).
 */
final class RuntimeMeters implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final AtomicBoolean closed = new AtomicBoolean();

  RuntimeMeters() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** @return the registry Vert.x's metrics and the event-loop probes record into */
  MeterRegistry registry() {
    return registry;
  }

  /** @return every meter, in the Prometheus text format 0.0.4; empty once closed */
  String scrape() {
    return closed.get() ? "" : registry.scrape();
  }

  /** Stops the garbage-collection listeners and closes the registry. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      gc.close();
      registry.close();
    }
  }
}
