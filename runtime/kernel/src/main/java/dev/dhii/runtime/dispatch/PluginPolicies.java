package dev.dhii.runtime.dispatch;

import dev.dhii.runtime.manifest.ResourceLimits;
import dev.dhii.runtime.resilience.Bulkhead;
import dev.dhii.runtime.resilience.PluginBreaker;
import dev.dhii.runtime.resilience.RetryPolicy;

/**
 * The resilience policies of one plugin, built from its manifest over the runtime's defaults.
 *
 * @param limits effective resource limits (pool size, concurrency, queue, timeout, payload)
 * @param breaker the plugin's circuit breaker
 * @param bulkhead the plugin's concurrency bound and queue
 * @param retry the retry policy for network failures
 */
public record PluginPolicies(ResourceLimits limits, PluginBreaker breaker, Bulkhead bulkhead, RetryPolicy retry) {

  /** Releases the breaker's timers. */
  public void close() {
    breaker.close();
  }
}
