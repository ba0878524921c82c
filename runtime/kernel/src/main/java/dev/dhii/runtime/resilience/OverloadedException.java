package dev.dhii.runtime.resilience;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A call was refused because the plugin's {@link Bulkhead} has all its slots busy and its queue full
 * ({@link ErrorCode#OVERLOADED}, retryable, never counted against the breaker).
 * <p>
 * It is a rejection on the hot path, so it is stackless and each {@link Bulkhead} reuses one instance.
 * Its {@link #details()} are empty and read-only.
 */
public final class OverloadedException extends PluginException {

  /** The plugin concerned. */
  private final String pluginId;

  /** @param pluginId the overloaded plugin */
  public OverloadedException(String pluginId) {
    super("Plugin '" + pluginId + "' is overloaded: all slots busy and its queue is full", null,
      new JsonObject(Map.of()));
    this.pluginId = pluginId;
  }

  /** @return the overloaded plugin */
  public String pluginId() {
    return pluginId;
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.OVERLOADED;
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
