package dev.dhii.runtime.resilience;

import dev.dhii.api.CancelledException;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginAuthenticationException;
import dev.dhii.api.PluginNetworkException;
import dev.dhii.api.PluginValidationException;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class PluginBreakerTest {

  @RegisterExtension
  final DhiiRuntimeExtension fixture = DhiiRuntimeExtension.vertxOnly();

  /** Opens after more than half of 4 calls fail; probes after 30 ms. */
  private static final BreakerOptions SMALL = new BreakerOptions()
    .setWindowSize(4).setMinimumCalls(4).setFailureRateThreshold(0.5).setResetTimeoutMs(30);

  private PluginBreaker breaker;

  @AfterEach
  void close() {
    if (breaker != null) {
      breaker.close();
    }
  }

  /** Completed futures are recorded synchronously, so the state is settled when this returns. */
  static void outcomes(PluginBreaker breaker, int failures, int successes) {
    for (int i = 0; i < failures; i++) {
      breaker.execute(() -> Future.failedFuture(new PluginNetworkException("refused")));
    }
    for (int i = 0; i < successes; i++) {
      breaker.execute(() -> Future.succeededFuture("ok"));
    }
  }

  @Test
  void staysClosedAtHalfFailuresAndOpensAboveHalf() {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", SMALL);
    outcomes(breaker, 0, 2);
    outcomes(breaker, 2, 0);
    assertEquals(0.5, breaker.failureRate());
    assertEquals(BreakerState.CLOSED, breaker.state());
    outcomes(breaker, 1, 0);
    assertEquals(BreakerState.OPEN, breaker.state());
    assertEquals(0.75, breaker.failureRate());
  }

  @Test
  void neverOpensBeforeMinimumCalls() {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", new BreakerOptions(SMALL).setWindowSize(10).setMinimumCalls(10));
    outcomes(breaker, 9, 0);
    assertEquals(BreakerState.CLOSED, breaker.state());
    outcomes(breaker, 1, 0);
    assertEquals(BreakerState.OPEN, breaker.state());
  }

  @Test
  void callerErrorsNeverCountButStillFailTheCall(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", SMALL);
    List<RuntimeException> callerErrors = List.of(new PluginValidationException("bad input"),
      new PluginAuthenticationException("no token"), new RateLimitedException("slow down", 10),
      new OverloadedException("email"), new CancelledException("gone"), new CircuitOpenException("core-auth"));
    for (int round = 0; round < 2; round++) {
      for (RuntimeException error : callerErrors) {
        breaker.execute(() -> Future.failedFuture(error));
      }
    }
    assertEquals(BreakerState.CLOSED, breaker.state());
    assertEquals(0.0, breaker.failureRate());
    PluginValidationException invalid = new PluginValidationException("bad input");
    breaker.execute(() -> Future.failedFuture(invalid)).onComplete(test.failing(e -> test.verify(() -> {
      assertSame(invalid, e);
      test.completeNow();
    })));
  }

  @Test
  void unknownThrowablesAndThrowingCallsCount(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", SMALL);
    IllegalStateException boom = new IllegalStateException("boom");
    breaker.execute(() -> Future.failedFuture(new RuntimeException("bug")));
    breaker.execute(() -> null);
    breaker.execute(() -> Future.failedFuture(new PluginNetworkException("reset")));
    breaker.<String>execute(() -> {
      throw boom;
    }).onComplete(test.failing(e -> test.verify(() -> {
      assertSame(boom, e);
      assertEquals(BreakerState.OPEN, breaker.state());
      test.completeNow();
    })));
  }

  @Test
  void customClassificationDecidesWhatCounts() {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", SMALL, failure -> false);
    outcomes(breaker, 10, 0);
    assertEquals(BreakerState.CLOSED, breaker.state());
  }

  @Test
  void openBreakerFailsFastWithoutCallingTheCall(VertxTestContext test) {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", new BreakerOptions(SMALL).setResetTimeoutMs(60_000));
    outcomes(breaker, 4, 0);
    AtomicBoolean called = new AtomicBoolean();
    Future<String> first = breaker.execute(() -> {
      called.set(true);
      return Future.succeededFuture("ok");
    });
    Future<String> second = breaker.execute(() -> Future.succeededFuture("ok"));
    test.verify(() -> {
      assertTrue(first.failed(), "not failed at once");
      assertFalse(called.get());
      CircuitOpenException open = (CircuitOpenException) first.cause();
      assertEquals(ErrorCode.CIRCUIT_OPEN, open.code());
      assertEquals("email", open.pluginId());
      assertSame(first.cause(), second.cause());
      assertEquals("OPEN", breaker.toJson().getString("state"));
      assertEquals(4, breaker.toJson().getInteger("calls"));
      assertEquals(1.0, breaker.toJson().getDouble("failureRate"));
    });
    test.completeNow();
  }

  @Test
  void concurrentFailuresOpenTheCircuitOnce() throws InterruptedException {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", new BreakerOptions(SMALL).setResetTimeoutMs(60_000));
    List<BreakerState> seen = new CopyOnWriteArrayList<>();
    breaker.onStateChange(seen::add);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> outcomes(breaker, 500, 0));
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(BreakerState.OPEN, breaker.state());
    assertEquals(List.of(BreakerState.OPEN), seen);
  }

  @Test
  void throwingListenerDoesNotBreakTheBreaker() {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", SMALL);
    List<BreakerState> seen = new CopyOnWriteArrayList<>();
    breaker.onStateChange(state -> {
      throw new IllegalStateException("listener bug");
    });
    breaker.onStateChange(seen::add);
    outcomes(breaker, 4, 0);
    assertEquals(BreakerState.OPEN, breaker.state());
    assertEquals(List.of(BreakerState.OPEN), seen);
  }

  @Test
  void closedBreakerNotifiesNoOne() {
    Vertx vertx = fixture.vertx();
    breaker = PluginBreaker.create(vertx, "email", SMALL);
    List<BreakerState> seen = new CopyOnWriteArrayList<>();
    breaker.onStateChange(seen::add);
    breaker.close();
    outcomes(breaker, 4, 0);
    assertEquals(BreakerState.OPEN, breaker.state());
    assertEquals(List.of(), seen);
  }
}
