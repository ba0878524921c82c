package dev.dhii.runtime.resilience;

import dev.dhii.api.CancelledException;
import dev.dhii.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BulkheadTest {

  private final List<String> started = new CopyOnWriteArrayList<>();
  private final List<Promise<String>> pending = new ArrayList<>();

  /** A task that records its start and completes when its promise in {@link #pending} is completed. */
  private Supplier<Future<String>> pendingTask(String name) {
    return () -> {
      started.add(name);
      Promise<String> promise = Promise.promise();
      pending.add(promise);
      return promise.future();
    };
  }

  /** A task that records its start and succeeds at once. */
  private Supplier<Future<String>> immediateTask(String name) {
    return () -> {
      started.add(name);
      return Future.succeededFuture(name);
    };
  }

  private static Bulkhead bulkhead(int maxConcurrency, int maxQueue) {
    return Bulkhead.create("email", new BulkheadOptions().setMaxConcurrency(maxConcurrency).setMaxQueue(maxQueue));
  }

  @Test
  void runsUpToMaxConcurrencyAtOnceAndQueuesTheRest() {
    Bulkhead bulkhead = bulkhead(2, 2);
    bulkhead.submit(pendingTask("a"));
    bulkhead.submit(pendingTask("b"));
    Future<String> c = bulkhead.submit(pendingTask("c"));
    assertEquals(List.of("a", "b"), started);
    assertEquals(2, bulkhead.inFlight());
    assertEquals(1, bulkhead.queued());
    assertFalse(c.isComplete());
  }

  @Test
  void answersOverloadedAtOnceWhenTheQueueIsFull() {
    Bulkhead bulkhead = bulkhead(2, 2);
    for (String name : List.of("a", "b", "c", "d")) {
      bulkhead.submit(pendingTask(name));
    }
    AtomicBoolean called = new AtomicBoolean();
    Future<String> refused = bulkhead.submit(() -> {
      called.set(true);
      return Future.succeededFuture("e");
    });
    assertTrue(refused.failed(), "not refused at once");
    assertFalse(called.get());
    OverloadedException overloaded = (OverloadedException) refused.cause();
    assertEquals(ErrorCode.OVERLOADED, overloaded.code());
    assertSame(overloaded, bulkhead.submit(pendingTask("f")).cause());
    assertEquals(2, bulkhead.queued());
    assertEquals(2, bulkhead.inFlight());
    assertEquals(List.of("a", "b"), started);
  }

  @Test
  void zeroQueueRefusesAnyCallWithoutAFreeSlot() {
    Bulkhead bulkhead = bulkhead(1, 0);
    bulkhead.submit(pendingTask("a"));
    assertTrue(bulkhead.submit(pendingTask("b")).cause() instanceof OverloadedException);
  }

  @Test
  void drainsTheQueueInOrderAsSlotsFree() {
    Bulkhead bulkhead = bulkhead(1, 10);
    Future<String> a = bulkhead.submit(pendingTask("a"));
    bulkhead.submit(pendingTask("b"));
    List<Future<String>> rest = List.of(bulkhead.submit(immediateTask("c")), bulkhead.submit(immediateTask("d")));
    assertEquals(List.of("a"), started);
    pending.get(0).complete("a");
    assertEquals("a", a.result());
    assertEquals(List.of("a", "b"), started);
    assertEquals(2, bulkhead.queued());
    pending.get(1).complete("b");
    assertEquals(List.of("a", "b", "c", "d"), started);
    assertEquals("d", rest.get(1).result());
    assertEquals(0, bulkhead.inFlight());
    assertEquals(0, bulkhead.queued());
  }

  @Test
  void aLongQueueOfTasksThatFinishAtOnceDrainsWithoutDeepRecursion() {
    Bulkhead bulkhead = bulkhead(1, 100_000);
    bulkhead.submit(pendingTask("first"));
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < 100_000; i++) {
      bulkhead.submit(() -> Future.succeededFuture("x")).onSuccess(x -> done.incrementAndGet());
    }
    pending.get(0).complete("first");
    assertEquals(100_000, done.get());
    assertEquals(0, bulkhead.inFlight());
  }

  @Test
  void skipsQueuedTasksNoLongerWantedWithoutTakingASlot() {
    Bulkhead bulkhead = bulkhead(1, 10);
    bulkhead.submit(pendingTask("a"));
    AtomicInteger asked = new AtomicInteger();
    Future<String> expired = bulkhead.submit(pendingTask("expired"), () -> {
      asked.incrementAndGet();
      return false;
    });
    Future<String> broken = bulkhead.submit(pendingTask("broken"), () -> {
      throw new IllegalStateException("clock broke");
    });
    bulkhead.submit(pendingTask("c"), () -> true);
    assertEquals(0, asked.get(), "asked before its turn");
    pending.get(0).complete("a");
    assertEquals(1, asked.get());
    assertTrue(expired.cause() instanceof CancelledException, String.valueOf(expired.cause()));
    assertTrue(broken.cause() instanceof IllegalStateException);
    assertEquals(List.of("a", "c"), started);
    assertEquals(1, bulkhead.inFlight());
    assertEquals(0, bulkhead.queued());
  }

  @Test
  void aFailedTaskReleasesItsSlot() {
    Bulkhead bulkhead = bulkhead(1, 1);
    Future<String> a = bulkhead.submit(pendingTask("a"));
    bulkhead.submit(pendingTask("b"));
    pending.get(0).fail(new IllegalStateException("plugin failed"));
    assertTrue(a.failed());
    assertEquals(List.of("a", "b"), started);
    pending.get(1).fail(new IllegalStateException("plugin failed again"));
    assertEquals(0, bulkhead.inFlight());
  }

  @Test
  void aThrowingOrNullSupplierReleasesItsSlot() {
    Bulkhead bulkhead = bulkhead(1, 0);
    IllegalStateException bug = new IllegalStateException("bug");
    Future<String> thrown = bulkhead.submit(() -> {
      throw bug;
    });
    assertSame(bug, thrown.cause());
    assertTrue(bulkhead.submit(() -> null).failed());
    assertEquals(0, bulkhead.inFlight());
    assertEquals("ok", bulkhead.submit(() -> Future.succeededFuture("ok")).result());
  }

  @Test
  void aThrowingCompletionHandlerDoesNotLoseTheQueue() {
    Bulkhead bulkhead = bulkhead(1, 1);
    bulkhead.submit(pendingTask("a")).onComplete(ar -> {
      throw new IllegalStateException("caller bug");
    });
    bulkhead.submit(pendingTask("b"));
    pending.get(0).complete("a");
    assertEquals(List.of("a", "b"), started);
    assertEquals(1, bulkhead.inFlight());
  }

  @Test
  void concurrentSubmittersNeverExceedTheBounds() throws InterruptedException {
    Bulkhead bulkhead = bulkhead(3, 5);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger maxQueued = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 2_000; i++) {
          Future<String> f = bulkhead.submit(() -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.yield();
            running.decrementAndGet();
            return Future.succeededFuture("ok");
          });
          maxQueued.accumulateAndGet(bulkhead.queued(), Math::max);
          if (f.failed() && f.cause() instanceof OverloadedException) {
            refused.incrementAndGet();
          } else {
            accepted.incrementAndGet();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertTrue(maxRunning.get() <= 3, "ran " + maxRunning.get() + " at once");
    assertTrue(maxQueued.get() <= 5, "queued " + maxQueued.get());
    assertEquals(8_000, accepted.get() + refused.get());
    assertEquals(0, bulkhead.inFlight());
    assertEquals(0, bulkhead.queued());
  }
}
