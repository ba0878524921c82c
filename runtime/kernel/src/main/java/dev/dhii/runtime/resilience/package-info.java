/**
 * Resilience building blocks of the dispatch pipeline (design §5): a failure-rate
 * {@link dev.dhii.runtime.resilience.PluginBreaker circuit breaker}, a
 * {@link dev.dhii.runtime.resilience.RetryPolicy retry policy} with backoff inside the caller's deadline, a
 * {@link dev.dhii.runtime.resilience.Bulkhead bulkhead} bounding concurrency and queue, and a per-key
 * {@link dev.dhii.runtime.resilience.RateLimiter rate limiter}.
 * <p>
 * Each component is standalone and thread-safe: the kernel calls it from event-loop and worker threads
 * alike. None of them blocks. The rejections they produce ({@link dev.dhii.runtime.resilience.CircuitOpenException},
 * {@link dev.dhii.runtime.resilience.OverloadedException}, {@link dev.dhii.runtime.resilience.RateLimitedException})
 * are stackless {@link dev.dhii.api.PluginException}s carrying their wire {@link dev.dhii.api.ErrorCode}.
 */
package dev.dhii.runtime.resilience;
