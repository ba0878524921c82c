package dev.dhii.runtime;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

/** Creates the Vert.x instance the runtime runs on, from the runtime's options. */
public final class VertxFactory {

  private VertxFactory() {
  }

  /**
   * @param options the runtime's options
   * @param telemetry the runtime's telemetry: when tracing, Vert.x traces HTTP requests and event bus
   *                  messages with it and propagates W3C trace context across the event bus
   * @param clustered whether to join the cluster ({@code serve --cluster})
   * @return the Vert.x instance
   */
  public static Future<Vertx> create(RuntimeOptions options, Telemetry telemetry, boolean clustered) {
    VertxOptions vertxOptions = new VertxOptions();
    if (clustered) {
      return Future.failedFuture(new IllegalStateException("Clustering is not available in this build"));
    }
    VertxBuilder builder = Vertx.builder().with(vertxOptions);
    if (telemetry.options().isTracing()) {
      builder.withTracer(new OpenTelemetryTracingFactory(telemetry.openTelemetry()));
    }
    return Future.succeededFuture(builder.build());
  }
}
