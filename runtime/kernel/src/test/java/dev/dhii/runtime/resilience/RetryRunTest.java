package dev.dhii.runtime.resilience;

import dev.dhii.api.PluginNetworkException;
import dev.dhii.api.PluginValidationException;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class RetryRunTest {

  @RegisterExtension
  final DhiiRuntimeExtension fixture = DhiiRuntimeExtension.vertxOnly();

  private static final RetryPolicy FAST = RetryPolicy.create(
    new RetryOptions().setMaxRetries(3).setInitialDelayMs(1).setMaxDelayMs(4).setJitter(0));

  private final List<Integer> attempts = new CopyOnWriteArrayList<>();

  private static long inTenSeconds() {
    return System.currentTimeMillis() + 10_000;
  }

  /** Fails with the given failures in turn, then succeeds with "ok". */
  private static Supplier<Future<String>> failing(Throwable... failures) {
    AtomicInteger calls = new AtomicInteger();
    return () -> {
      int call = calls.getAndIncrement();
      return call < failures.length ? Future.failedFuture(failures[call]) : Future.succeededFuture("ok");
    };
  }

  @Test
  void retriesNetworkFailuresUntilSuccessAndReportsEachAttempt(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    PluginNetworkException reset = new PluginNetworkException("reset");
    FAST.run(vertx, failing(reset, reset), true, inTenSeconds(), attempts::add)
      .onComplete(test.succeeding(result -> test.verify(() -> {
        assertEquals("ok", result);
        assertEquals(List.of(1, 2, 3), attempts);
        test.completeNow();
      })));
  }

  @Test
  void givesUpAfterMaxRetriesWithTheLastFailure(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    PluginNetworkException last = new PluginNetworkException("fourth");
    PluginNetworkException reset = new PluginNetworkException("reset");
    FAST.run(vertx, failing(reset, reset, reset, last, reset), true, inTenSeconds(), attempts::add)
      .onComplete(test.failing(e -> test.verify(() -> {
        assertSame(last, e);
        assertEquals(List.of(1, 2, 3, 4), attempts);
        test.completeNow();
      })));
  }

  @Test
  void doesNotRetryValidationErrors(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    FAST.run(vertx, failing(new PluginValidationException("bad")), true, inTenSeconds(), attempts::add)
      .onComplete(test.failing(e -> test.verify(() -> {
        assertTrue(e instanceof PluginValidationException);
        assertEquals(List.of(1), attempts);
        test.completeNow();
      })));
  }

  @Test
  void retriesNonIdempotentCallsOnlyWhenNothingWasDone(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    PluginNetworkException refused = new PluginNetworkException("refused", null, true);
    PluginNetworkException reset = new PluginNetworkException("reset mid-request");
    FAST.run(vertx, failing(refused, reset), false, inTenSeconds(), attempts::add)
      .onComplete(test.failing(e -> test.verify(() -> {
        assertSame(reset, e);
        assertEquals(List.of(1, 2), attempts);
        test.completeNow();
      })));
  }

  @Test
  void doesNotRetryWhenTheBackoffWouldPassTheDeadline(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    RetryPolicy slow = RetryPolicy.create(new RetryOptions().setInitialDelayMs(1_000).setJitter(0));
    slow.run(vertx, failing(new PluginNetworkException("reset")), true, System.currentTimeMillis() + 200, attempts::add)
      .onComplete(test.failing(e -> test.verify(() -> {
        assertEquals(List.of(1), attempts);
        test.completeNow();
      })));
  }

  @Test
  void doesNotRetryIntoAnOpenCircuit(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    PluginBreaker breaker = PluginBreaker.create(vertx, "email",
      new BreakerOptions().setWindowSize(1).setMinimumCalls(1).setFailureRateThreshold(0).setResetTimeoutMs(60_000));
    AtomicInteger pluginCalls = new AtomicInteger();
    FAST.run(vertx, () -> breaker.execute(() -> {
        pluginCalls.incrementAndGet();
        return Future.failedFuture(new PluginNetworkException("reset"));
      }), true, inTenSeconds(), attempts::add)
      .onComplete(test.failing(e -> test.verify(() -> {
        assertTrue(e instanceof CircuitOpenException, e.toString());
        assertEquals(1, pluginCalls.get());
        assertEquals(List.of(1, 2), attempts);
        breaker.close();
        test.completeNow();
      })));
  }

  @Test
  void aThrowingAttemptIsAFailedAttempt(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    AtomicInteger calls = new AtomicInteger();
    FAST.run(vertx, () -> {
      if (calls.getAndIncrement() == 0) {
        throw new PluginNetworkException("refused", null, true);
      }
      return Future.succeededFuture("ok");
    }, false, inTenSeconds(), attempts::add).onComplete(test.succeeding(result -> test.verify(() -> {
      assertEquals(List.of(1, 2), attempts);
      test.completeNow();
    })));
  }
}
