package dev.dhii.runtime.resilience.impl;

import dev.dhii.runtime.resilience.BreakerOptions;
import dev.dhii.runtime.resilience.BreakerState;
import dev.dhii.runtime.resilience.CircuitOpenException;
import dev.dhii.runtime.resilience.FailureRateWindow;
import dev.dhii.runtime.resilience.PluginBreaker;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** A {@link PluginBreaker} over a Vert.x 5 {@link CircuitBreaker} that never opens by itself. */
public final class PluginBreakerImpl implements PluginBreaker {

  private static final Logger LOG = LoggerFactory.getLogger(PluginBreaker.class);

  private final String pluginId;
  private final Function<Throwable, Boolean> countsAsFailure;
  private final FailureRateWindow window;
  private final CircuitOpenException openException;
  private final CircuitBreaker breaker;
  private final List<Consumer<BreakerState>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean opening = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * Use {@link PluginBreaker#create}.
   *
   * @param vertx for the reset timer
   * @param pluginId the plugin guarded
   * @param options window, threshold and reset timeout
   * @param countsAsFailure whether a failure is the plugin's fault
   */
  public PluginBreakerImpl(Vertx vertx, String pluginId, BreakerOptions options,
                           Function<Throwable, Boolean> countsAsFailure) {
    this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
    this.countsAsFailure = Objects.requireNonNull(countsAsFailure, "countsAsFailure");
    this.window = new FailureRateWindow(options);
    this.openException = new CircuitOpenException(pluginId);
    // Vert.x 5.0.7: opens once its failure count reaches maxFailures (so <= 0 opens on the first failure);
    // MAX_VALUE is never reached by its 10 s rolling count. timeout -1 arms no timer: deadlines are the
    // kernel's. A null notification address creates no metrics, no periodic timer, no event-bus traffic.
    CircuitBreakerOptions vertxOptions = new CircuitBreakerOptions()
      .setMaxFailures(Integer.MAX_VALUE)
      .setTimeout(-1)
      .setMaxRetries(0)
      .setFallbackOnFailure(false)
      .setResetTimeout(options.getResetTimeoutMs())
      .setNotificationAddress(null);
    this.breaker = CircuitBreaker.create("dhii-plugin-" + pluginId, vertx, vertxOptions)
      // decides success vs failure; in HALF_OPEN a counting failure re-opens, anything else closes
      .failurePolicy(outcome -> outcome.failed() && counts(outcome.cause()))
      .openHandler(v -> notifyListeners(BreakerState.OPEN))
      .halfOpenHandler(v -> notifyListeners(BreakerState.HALF_OPEN))
      .closeHandler(v -> {
        window.reset();
        notifyListeners(BreakerState.CLOSED);
      });
  }

  @Override
  public String pluginId() {
    return pluginId;
  }

  @Override
  public <T> Future<T> execute(Supplier<Future<T>> call) {
    CircuitBreakerState state = breaker.state();
    if (state == CircuitBreakerState.OPEN) {
      return Future.failedFuture(openException);
    }
    if (state == CircuitBreakerState.CLOSED) {
      // closed: the window alone decides, so the call need not go through the Vert.x breaker, whose
      // execute completes on the caller's context (one more event-loop hop per call)
      return invoke(call);
    }
    return breaker.<T>execute(() -> invoke(call)).recover(failure -> Future.failedFuture(
      failure == OpenCircuitException.INSTANCE ? openException : failure));
  }

  private <T> Future<T> invoke(Supplier<Future<T>> call) {
    Future<T> future;
    try {
      future = call.get();
      if (future == null) {
        future = Future.failedFuture(new NullPointerException("call of plugin " + pluginId + " returned no Future"));
      }
    } catch (Throwable t) {
      future = Future.failedFuture(t);
    }
    return future.andThen(outcome -> record(outcome.failed() && counts(outcome.cause())));
  }

  private boolean counts(Throwable failure) {
    return !Boolean.FALSE.equals(countsAsFailure.apply(failure));
  }

  private void record(boolean failure) {
    // Only a closed circuit is opened from here: half-open outcomes are the Vert.x breaker's to judge,
    // and opening twice would arm a second reset timer. The flag keeps concurrent trips to one open().
    if (window.record(failure) && breaker.state() == CircuitBreakerState.CLOSED
      && opening.compareAndSet(false, true)) {
      try {
        if (breaker.state() == CircuitBreakerState.CLOSED) {
          breaker.open();
        }
      } finally {
        opening.set(false);
      }
    }
  }

  private void notifyListeners(BreakerState state) {
    if (closed) {
      return;
    }
    for (Consumer<BreakerState> listener : listeners) {
      try {
        listener.accept(state);
      } catch (RuntimeException e) {
        LOG.warn("Breaker state listener of plugin {} failed on {}", pluginId, state, e);
      }
    }
  }

  @Override
  public BreakerState state() {
    return switch (breaker.state()) {
      case OPEN -> BreakerState.OPEN;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
      case CLOSED -> BreakerState.CLOSED;
    };
  }

  @Override
  public double failureRate() {
    return window.failureRate();
  }

  @Override
  public int calls() {
    return window.calls();
  }

  @Override
  public PluginBreaker onStateChange(Consumer<BreakerState> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject()
      .put("pluginId", pluginId)
      .put("state", state().name())
      .put("failureRate", window.failureRate())
      .put("calls", window.calls())
      .put("failures", window.failures());
  }

  @Override
  public void close() {
    closed = true;
    listeners.clear();
    breaker.close();
  }

  @Override
  public String toString() {
    return "PluginBreaker" + toJson().encode();
  }
}
