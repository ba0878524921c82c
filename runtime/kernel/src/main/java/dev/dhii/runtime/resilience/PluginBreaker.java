package dev.dhii.runtime.resilience;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.resilience.impl.PluginBreakerImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The circuit breaker of one plugin. It opens when more than {@code failureRateThreshold} of the last
 * {@code windowSize} calls failed (once at least {@code minimumCalls} were made), refuses calls with
 * {@link CircuitOpenException} while open, lets a single probe through after {@code resetTimeoutMs},
 * and closes again when that probe succeeds.
 * <p>
 * Only failures that are the plugin's fault count: by default a {@link PluginException} whose
 * {@link ErrorCode#countsAgainstBreaker()} is true, or any other throwable. Caller errors (validation,
 * authentication, rate limit, overload, cancellation) count as successes for the breaker, while the
 * returned Future still fails with them.
 * <p>
 * The Vert.x {@code CircuitBreaker} is the state machine (half-open probe, transitions); this type keeps
 * the failure-rate window beside it, since the Vert.x breaker only counts consecutive failures.
 * Thread-safe.
 */
public interface PluginBreaker {

  /** The default failure classification: a PluginException counts if its code says so; anything else counts. */
  Function<Throwable, Boolean> COUNTS_AGAINST_BREAKER =
    failure -> !(failure instanceof PluginException pe) || pe.code().countsAgainstBreaker();

  /**
   * @param vertx the Vert.x instance whose timers run the reset timeout
   * @param pluginId the plugin guarded, used in messages and {@link #toJson()}
   * @param options window, threshold and reset timeout
   * @return a closed breaker using {@link #COUNTS_AGAINST_BREAKER}
   */
  static PluginBreaker create(Vertx vertx, String pluginId, BreakerOptions options) {
    return create(vertx, pluginId, options, COUNTS_AGAINST_BREAKER);
  }

  /**
   * @param vertx the Vert.x instance whose timers run the reset timeout
   * @param pluginId the plugin guarded, used in messages and {@link #toJson()}
   * @param options window, threshold and reset timeout
   * @param countsAsFailure whether a failure is the plugin's fault; {@code null} or {@code true} counts
   * @return a closed breaker
   */
  static PluginBreaker create(Vertx vertx, String pluginId, BreakerOptions options,
                              Function<Throwable, Boolean> countsAsFailure) {
    return new PluginBreakerImpl(vertx, pluginId, options, countsAsFailure);
  }

  /** @return the plugin this breaker guards */
  String pluginId();

  /**
   * Runs {@code call} if the circuit lets it through and records its outcome.
   * <p>
   * While the circuit is open, or half-open with the probe already in flight, the returned Future fails
   * at once with this breaker's {@link CircuitOpenException} and {@code call} is not invoked. Otherwise
   * the Future completes with the call's own outcome (a {@code call} that throws or returns {@code null}
   * is a failure). While closed it completes where the call's own Future completes (no context hop);
   * the half-open probe's outcome is delivered on the caller's Vert.x context.
   *
   * @param call starts the guarded operation
   * @param <T> the result type
   * @return the outcome of the call, or a {@link CircuitOpenException}
   */
  <T> Future<T> execute(Supplier<Future<T>> call);

  /** @return the current state */
  BreakerState state();

  /** @return the failure rate over the current window, 0 when it is empty */
  double failureRate();

  /** @return the number of outcomes in the current window */
  int calls();

  /**
   * Adds a listener of state transitions, each reported once, in order: {@code OPEN}, {@code HALF_OPEN},
   * then {@code CLOSED} or {@code OPEN} again. It runs on the thread that caused the transition while
   * the breaker holds its lock, so it must be quick and must not block (publishing an event is fine).
   * A listener that throws is logged and does not affect the breaker.
   *
   * @param listener receives the new state
   * @return this
   */
  PluginBreaker onStateChange(Consumer<BreakerState> listener);

  /** @return {@code {"pluginId", "state", "failureRate", "calls", "failures"}} for health and admin views */
  JsonObject toJson();

  /**
   * Stops notifying listeners and releases the breaker's resources. The Vert.x breaker's pending reset
   * timer (armed when it opened) cannot be cancelled; it fires at most once more, unobserved.
   */
  void close();
}
