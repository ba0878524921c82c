package dev.dhii.runtime.manifest;

import io.vertx.core.json.JsonObject;

/**
 * A plugin's resource bounds: the manifest's {@code resources} object. A {@code null} component is
 * not set by the manifest; {@link #withDefaults} fills it from the runtime's configuration.
 *
 * @param workerPoolSize  threads of the plugin's own worker pool
 * @param maxConcurrency  calls running at once
 * @param maxQueue        calls waiting beyond {@code maxConcurrency} before OVERLOADED
 * @param timeoutMs       default deadline of one call, in milliseconds
 * @param maxPayloadBytes largest accepted input, in bytes
 * @param maxMemoryMb     resident memory a process plugin's process may use before it is killed and
 *                        started again; {@code null}: no bound (JVM plugins share the runtime's heap)
 * @param processes       process plugins: how many processes serve the plugin's calls, each supervised
 *                        ({@code null}: one)
 */
public record ResourceLimits(Integer workerPoolSize, Integer maxConcurrency, Integer maxQueue, Long timeoutMs,
                             Long maxPayloadBytes, Integer maxMemoryMb, Integer processes) {

  /** The most processes one plugin may run ({@code resources.processes}). */
  public static final int MAX_PROCESSES = 64;

  /** Limits with one process. */
  public ResourceLimits(Integer workerPoolSize, Integer maxConcurrency, Integer maxQueue, Long timeoutMs,
                        Long maxPayloadBytes, Integer maxMemoryMb) {
    this(workerPoolSize, maxConcurrency, maxQueue, timeoutMs, maxPayloadBytes, maxMemoryMb, null);
  }

  /** Limits without a memory bound. */
  public ResourceLimits(Integer workerPoolSize, Integer maxConcurrency, Integer maxQueue, Long timeoutMs,
                        Long maxPayloadBytes) {
    this(workerPoolSize, maxConcurrency, maxQueue, timeoutMs, maxPayloadBytes, null);
  }

  /** The built-in defaults: 4 worker threads, 16 concurrent calls, a queue of 64, 30 s, 1 MiB. */
  public static final ResourceLimits DEFAULTS = new ResourceLimits(4, 16, 64, 30000L, 1048576L);

  /** @return how many processes serve a process plugin (1 unless {@code processes} says more) */
  public int processCount() {
    return processes == null ? 1 : processes;
  }

  /** Nothing set. */
  public static final ResourceLimits NONE = new ResourceLimits(null, null, null, null, null);

  /** Reads the limits present in {@code json}; {@code null} gives {@link #NONE}. */
  public static ResourceLimits fromJson(JsonObject json) {
    if (json == null) return NONE;
    return new ResourceLimits(json.getInteger("workerPoolSize"), json.getInteger("maxConcurrency"),
        json.getInteger("maxQueue"), json.getLong("timeoutMs"), json.getLong("maxPayloadBytes"),
        json.getInteger("maxMemoryMb"), json.getInteger("processes"));
  }

  /** These limits with every unset component taken from {@code defaults} (which may be {@code null}). */
  public ResourceLimits withDefaults(ResourceLimits defaults) {
    if (defaults == null) return this;
    return new ResourceLimits(
        workerPoolSize != null ? workerPoolSize : defaults.workerPoolSize,
        maxConcurrency != null ? maxConcurrency : defaults.maxConcurrency,
        maxQueue != null ? maxQueue : defaults.maxQueue,
        timeoutMs != null ? timeoutMs : defaults.timeoutMs,
        maxPayloadBytes != null ? maxPayloadBytes : defaults.maxPayloadBytes,
        maxMemoryMb != null ? maxMemoryMb : defaults.maxMemoryMb,
        processes != null ? processes : defaults.processes);
  }

  /** The JSON form, with only the components that are set. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (workerPoolSize != null) json.put("workerPoolSize", workerPoolSize);
    if (maxConcurrency != null) json.put("maxConcurrency", maxConcurrency);
    if (maxQueue != null) json.put("maxQueue", maxQueue);
    if (timeoutMs != null) json.put("timeoutMs", timeoutMs);
    if (maxPayloadBytes != null) json.put("maxPayloadBytes", maxPayloadBytes);
    if (maxMemoryMb != null) json.put("maxMemoryMb", maxMemoryMb);
    if (processes != null) json.put("processes", processes);
    return json;
  }
}
