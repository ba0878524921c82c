package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the runtime's {@link Telemetry}, the {@code telemetry} section of {@code conf/runtime.json}:
 * <pre>{ "serviceName": "dhii-runtime", "tracing": true, "metrics": true }</pre>
 * Where spans are exported is not set here: the standard {@code OTEL_*} variables decide it.
 */
public class TelemetryOptions {

  /** Default {@code service.name} of the spans: {@code dhii-runtime}. */
  public static final String DEFAULT_SERVICE_NAME = "dhii-runtime";
  /** Tracing is on by default. */
  public static final boolean DEFAULT_TRACING = true;
  /** Metrics (and {@code GET /metrics}) are on by default. */
  public static final boolean DEFAULT_METRICS = true;
  /** Vert.x's worker-pool meters (on with metrics by default; they cost about 2.5 us of CPU per worker task). */
  public static final boolean DEFAULT_POOL_METRICS = true;

  private String serviceName = DEFAULT_SERVICE_NAME;
  private boolean tracing = DEFAULT_TRACING;
  private boolean metrics = DEFAULT_METRICS;
  private boolean poolMetrics = DEFAULT_POOL_METRICS;

  /** Options with every default. */
  public TelemetryOptions() {
  }

  /** @param other options to copy */
  public TelemetryOptions(TelemetryOptions other) {
    this.serviceName = other.serviceName;
    this.tracing = other.tracing;
    this.metrics = other.metrics;
    this.poolMetrics = other.poolMetrics;
  }

  /**
   * @param json an object with {@code serviceName}, {@code tracing} and/or {@code metrics}; absent keys keep their defaults
   * @throws IllegalArgumentException if a value is invalid
   */
  public TelemetryOptions(JsonObject json) {
    this();
    setServiceName(json.getString("serviceName", DEFAULT_SERVICE_NAME));
    setTracing(json.getBoolean("tracing", DEFAULT_TRACING));
    setMetrics(json.getBoolean("metrics", DEFAULT_METRICS));
    setPoolMetrics(json.getBoolean("poolMetrics", DEFAULT_POOL_METRICS));
  }

  /** @return the JSON form, with every key */
  public JsonObject toJson() {
    return new JsonObject().put("serviceName", serviceName).put("tracing", tracing).put("metrics", metrics).put("poolMetrics", poolMetrics);
  }

  /** @return the {@code service.name} resource attribute of the spans ({@code OTEL_SERVICE_NAME} wins when set) */
  public String getServiceName() {
    return serviceName;
  }

  /**
   * @param serviceName not blank
   * @return this
   */
  public TelemetryOptions setServiceName(String serviceName) {
    if (serviceName == null || serviceName.isBlank()) {
      throw new IllegalArgumentException("serviceName must not be blank");
    }
    this.serviceName = serviceName;
    return this;
  }

  /** @return whether calls, HTTP requests and event bus messages are traced */
  public boolean isTracing() {
    return tracing;
  }

  /** @param tracing whether to trace @return this */
  public TelemetryOptions setTracing(boolean tracing) {
    this.tracing = tracing;
    return this;
  }

  /** @return whether call metrics are kept and served at {@code GET /metrics} */
  public boolean isMetrics() {
    return metrics;
  }

  /** @param metrics whether to keep and serve metrics @return this */
  public TelemetryOptions setMetrics(boolean metrics) {
    this.metrics = metrics;
    return this;
  }

  @Override
  public String toString() {
    return "TelemetryOptions" + toJson().encode();
  }

  /** @return whether Vert.x's worker pools are metered too ({@code vertx_pool_*} on {@code GET /metrics}) */
  public boolean isPoolMetrics() {
    return poolMetrics;
  }

  /** @param poolMetrics whether to meter Vert.x's worker pools (with metrics on) @return this */
  public TelemetryOptions setPoolMetrics(boolean poolMetrics) {
    this.poolMetrics = poolMetrics;
    return this;
  }
}
