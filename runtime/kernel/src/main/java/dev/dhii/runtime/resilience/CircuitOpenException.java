package dev.dhii.runtime.resilience;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A call was refused because the plugin's circuit breaker is open, or half-open with its single probe
 * already in flight ({@link ErrorCode#CIRCUIT_OPEN}, retryable, never counted against the breaker).
 * <p>
 * It is a rejection on the hot path, so it is stackless and each {@link PluginBreaker} reuses one
 * instance. Its {@link #details()} are empty and read-only.
 */
public final class CircuitOpenException extends PluginException {

  /** The plugin concerned. */
  private final String pluginId;

  /** @param pluginId the plugin whose circuit is open */
  public CircuitOpenException(String pluginId) {
    super("Circuit breaker of plugin '" + pluginId + "' is open", null, new JsonObject(Map.of()));
    this.pluginId = pluginId;
  }

  /** @return the plugin whose circuit is open */
  public String pluginId() {
    return pluginId;
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.CIRCUIT_OPEN;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  @Override
  public void setStackTrace(StackTraceElement[] stackTrace) {
    // shared instance: stays stackless
  }
}
