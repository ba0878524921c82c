package dev.dhii.runtime.testing;

import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tests' blocked-thread checker: an event loop held past its limit fails the test; a worker does not. */
class BlockedLoopsTest {

  /** Small limits, so that proving the busy limit takes a second, not the default's two. */
  static final long WAIT_MS = 200;
  static final long BUSY_MS = 800;

  /** A Vert.x alone (nothing else runs on it) with those limits. */
  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().manual().blockedLoopLimits(WAIT_MS, BUSY_MS).build();

  /** Parks the calling thread for {@code ms} (the deliberate fault under test: a blocking call). */
  private static void hold(long ms) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (System.nanoTime() < until) {
      LockSupport.parkNanos(until - System.nanoTime());
    }
  }

  @Test
  void aBlockingEventLoopHandlerFailsTheTestAfterIt() throws Exception {
    // the defaults every fixture runs with
    DhiiRuntimeExtension own = DhiiRuntimeExtension.builder().build();
    own.beforeEach(null);
    own.vertx().runOnContext(v -> hold(BlockedLoops.MAX_EVENT_LOOP_MS * 3));
    String violation = own.blockedLoops().nextViolation().await(10, TimeUnit.SECONDS);
    assertTrue(violation.startsWith("vert.x-eventloop-thread-"), violation);
    assertTrue(violation.contains(BlockedLoopsTest.class.getName() + ".hold"), "the blocked stack names the culprit: " + violation);
    AssertionError failure = assertThrows(AssertionError.class, () -> own.afterEach(null));
    assertTrue(failure.getMessage().contains("An event loop was blocked longer than " + BlockedLoops.MAX_EVENT_LOOP_MS + " ms"),
      failure.getMessage());
    assertEquals(1, failure.getMessage().split("blocked for ").length - 1, "one block is reported once: " + failure.getMessage());
  }

  @Test
  void aBlockInTheSharedRuntimeFailsTheCheckRunAfterEachTest() throws Exception {
    Promise<Void> held = Promise.promise();
    dhii.vertx().runOnContext(v -> {
      hold(WAIT_MS * 3);
      held.complete();
    });
    dhii.blockedLoops().nextViolation().await(10, TimeUnit.SECONDS);
    // the block is over before the check: whatever the checker records of it is in, and the check takes it all
    // (else a late record of this block would reach the next test on this shared Vert.x)
    held.future().await(10, TimeUnit.SECONDS);
    AssertionError failure = assertThrows(AssertionError.class, dhii.blockedLoops()::check);
    assertTrue(failure.getMessage().contains("vert.x-eventloop-thread-"), failure.getMessage());
  }

  /** Keeps the calling thread runnable (a computation) for {@code ms}. */
  private static void spin(long ms) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aComputationHoldingAnEventLoopPastTheBusyLimitFailsToo() throws Exception {
    Promise<Void> spun = Promise.promise();
    dhii.vertx().runOnContext(v -> {
      spin(BUSY_MS + 300);
      spun.complete();
    });
    String violation = dhii.blockedLoops().nextViolation().await(10, TimeUnit.SECONDS);
    assertTrue(violation.contains("(RUNNABLE, limit " + BUSY_MS + " ms)"), violation);
    assertTrue(violation.contains(BlockedLoopsTest.class.getName() + ".spin"), violation);
    spun.future().await(10, TimeUnit.SECONDS);
    assertThrows(AssertionError.class, dhii.blockedLoops()::check);
  }

  @Test
  void aSlowButRunnableTaskUnderTheBusyLimitOnlyWarns() throws Exception {
    long ms = WAIT_MS * 3 / 2;
    Promise<Void> done = Promise.promise();
    dhii.vertx().runOnContext(v -> {
      spin(ms);
      done.complete();
    });
    done.future().await(10, TimeUnit.SECONDS);
    assertTrue(dhii.blockedLoops().clear().isEmpty(), "a slow computation is a warning, a wait is a failure");
  }

  @Test
  void aWorkerMayBlockAndAShortEventLoopTaskPasses() throws Exception {
    dhii.vertx().executeBlocking(() -> {
      hold(WAIT_MS * 3);
      return null;
    }).await(10, TimeUnit.SECONDS);
    Promise<Void> shortTask = Promise.promise();
    dhii.vertx().runOnContext(v -> {
      hold(WAIT_MS / 4);
      shortTask.complete();
    });
    shortTask.future().await(10, TimeUnit.SECONDS);
    assertTrue(dhii.blockedLoops().clear().isEmpty(), "a worker's block is Vert.x's own warning, not a test failure");
  }
}
