package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

/**
 * The deadlines of a plugin's lifecycle, the {@code lifecycle} section of conf/runtime.json.
 *
 * @param stepTimeoutMs the deadline of each lifecycle step (onLoad, onReady, onUnload)
 * @param drainTimeoutMs how long a plugin being unloaded may take to finish its in-flight calls
 * @param healthCheckTimeoutMs the deadline of one plugin health check
 */
public record LifecycleOptions(long stepTimeoutMs, long drainTimeoutMs, long healthCheckTimeoutMs) {

  /** Each lifecycle step may take 30 s by default. */
  public static final long DEFAULT_STEP_TIMEOUT_MS = 30_000;
  /** A plugin being unloaded may take 30 s by default to finish its calls. */
  public static final long DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
  /** A health check may take 2 s by default. */
  public static final long DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 2_000;

  /** The defaults. */
  public static final LifecycleOptions DEFAULTS = fromJson(new JsonObject());

  /** @param json the {@code lifecycle} section @return the options, defaults filled in */
  public static LifecycleOptions fromJson(JsonObject json) {
    return new LifecycleOptions(json.getLong("stepTimeoutMs", DEFAULT_STEP_TIMEOUT_MS),
      json.getLong("drainTimeoutMs", DEFAULT_DRAIN_TIMEOUT_MS),
      json.getLong("healthCheckTimeoutMs", DEFAULT_HEALTH_CHECK_TIMEOUT_MS));
  }
}
