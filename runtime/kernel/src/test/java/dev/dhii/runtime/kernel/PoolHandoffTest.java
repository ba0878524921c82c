package dev.dhii.runtime.kernel;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batched hand-off of calls to a generation's worker pool, on a real event loop and a real pool. */
class PoolHandoffTest {

  private final Vertx vertx = Vertx.vertx();
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  /** How many times the pool was asked for a thread. */
  private final AtomicInteger asked = new AtomicInteger();

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private PoolHandoff handoff(int size) {
    return new PoolHandoff(command -> {
      asked.incrementAndGet();
      threads.execute(command);
    }, size);
  }

  private static PoolHandoff.Task task(Runnable body) {
    return new PoolHandoff.Task() {
      @Override
      public void run() {
        body.run();
      }

      @Override
      public void rejected() {
        throw new AssertionError("not rejected");
      }
    };
  }

  @Test
  void theCallsOfOneTurnTakeAtMostThePoolsThreads() throws Exception {
    PoolHandoff handoff = handoff(2);
    CountDownLatch ran = new CountDownLatch(100);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger askedInTurn = new AtomicInteger(-1);
    AtomicInteger waitingInTurn = new AtomicInteger(-1);
    vertx.runOnContext(v -> {
      for (int i = 0; i < 100; i++) {
        handoff.submit(task(() -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          running.decrementAndGet();
          ran.countDown();
        }));
      }
      // nothing has a thread before the turn ends
      askedInTurn.set(asked.get());
      waitingInTurn.set(handoff.waiting());
    });
    assertTrue(ran.await(10, TimeUnit.SECONDS), "every call ran");
    assertEquals(0, askedInTurn.get(), "no thread asked for before the turn ended");
    assertEquals(100, waitingInTurn.get());
    assertTrue(asked.get() <= 2, "the pool was asked " + asked.get() + " times for 100 calls");
    assertTrue(most.get() <= 2, "at most the pool's size at once: " + most.get());
    assertEquals(0, handoff.waiting());
  }

  @Test
  void aCallGetsAFreeThreadWhileAnotherBlocks() throws Exception {
    PoolHandoff handoff = handoff(2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    CountDownLatch other = new CountDownLatch(1);
    vertx.runOnContext(v -> handoff.submit(task(() -> {
      blocking.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    })));
    assertTrue(blocking.await(10, TimeUnit.SECONDS));
    vertx.runOnContext(v -> handoff.submit(task(other::countDown)));
    assertTrue(other.await(10, TimeUnit.SECONDS), "the second call ran while the first was blocked");
    release.countDown();
  }

  @Test
  void offAnEventLoopACallGetsItsThreadAtOnce() throws Exception {
    PoolHandoff handoff = handoff(2);
    CountDownLatch ran = new CountDownLatch(1);
    handoff.submit(task(ran::countDown));
    assertEquals(1, asked.get(), "asked at once, not at the end of a turn");
    assertTrue(ran.await(10, TimeUnit.SECONDS));
  }

  @Test
  void aCallThatThrowsLeavesItsThreadToTheNextCalls() throws Exception {
    PoolHandoff handoff = handoff(1);
    CountDownLatch after = new CountDownLatch(3);
    vertx.runOnContext(v -> {
      handoff.submit(task(() -> {
        throw new IllegalStateException("escaped");
      }));
      for (int i = 0; i < 3; i++) {
        handoff.submit(task(after::countDown));
      }
    });
    assertTrue(after.await(10, TimeUnit.SECONDS), "the calls after it ran");
    // and its thread is free again: a later call gets one
    CountDownLatch later = new CountDownLatch(1);
    vertx.runOnContext(v -> handoff.submit(task(later::countDown)));
    assertTrue(later.await(10, TimeUnit.SECONDS));
  }

  @Test
  void aPoolThatRefusesFailsEveryQueuedCall() throws Exception {
    PoolHandoff handoff = new PoolHandoff(command -> {
      throw new RejectedExecutionException("shut down");
    }, 2);
    List<Integer> refused = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    vertx.runOnContext(v -> {
      for (int i = 0; i < 3; i++) {
        int n = i;
        handoff.submit(new PoolHandoff.Task() {
          @Override
          public void run() {
            throw new AssertionError("not run");
          }

          @Override
          public void rejected() {
            refused.add(n);
            done.countDown();
          }
        });
      }
    });
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1, 2), refused);
    assertEquals(0, handoff.waiting());
  }

  @Test
  void callsFromManyThreadsAndLoopsAllRunOnceWithinThePoolsSize() throws Exception {
    PoolHandoff handoff = handoff(3);
    int perSource = 20_000;
    int sources = 4;
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(perSource * sources);
    Runnable body = () -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      ran.incrementAndGet();
      running.decrementAndGet();
      all.countDown();
    };
    // two event loops submitting in turns of 100, two plain threads submitting one by one
    for (int s = 0; s < 2; s++) {
      io.vertx.core.Context loop = vertx.getOrCreateContext();
      for (int turn = 0; turn < perSource / 100; turn++) {
        loop.runOnContext(v -> {
          for (int i = 0; i < 100; i++) {
            handoff.submit(task(body));
          }
        });
      }
    }
    Thread[] plain = new Thread[2];
    for (int s = 0; s < 2; s++) {
      plain[s] = new Thread(() -> {
        for (int i = 0; i < perSource; i++) {
          handoff.submit(task(body));
        }
      });
      plain[s].start();
    }
    assertTrue(all.await(60, TimeUnit.SECONDS), "ran " + ran.get() + " of " + perSource * sources);
    for (Thread t : plain) {
      t.join(10_000);
    }
    assertEquals(perSource * sources, ran.get(), "each call once");
    assertTrue(most.get() <= 3, "at most the pool's size at once: " + most.get());
    assertEquals(0, handoff.waiting());
  }
}
