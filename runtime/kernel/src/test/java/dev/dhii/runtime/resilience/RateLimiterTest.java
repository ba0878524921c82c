package dev.dhii.runtime.resilience;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimiterTest {

  private final AtomicLong clock = new AtomicLong(TimeUnit.DAYS.toNanos(3));
  private final RateLimiter limiter = RateLimiter.create(clock::get);

  private void advanceMs(long ms) {
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  private void acquireAll(RateLimiter limiter, String key, int perMinute, int calls) {
    for (int i = 0; i < calls; i++) {
      assertEquals(0, limiter.tryAcquire(key, perMinute), "call " + (i + 1) + " of " + key + " refused");
    }
  }

  @Test
  void allowsPerMinuteThenRefusesWithTheTimeToTheNextToken() {
    acquireAll(limiter, "email.send|u1", 100, 100);
    assertEquals(600, limiter.tryAcquire("email.send|u1", 100));
    advanceMs(250);
    assertEquals(350, limiter.tryAcquire("email.send|u1", 100));
  }

  @Test
  void retryAfterIsRoundedUpSoWaitingThatLongSucceeds() {
    acquireAll(limiter, "k", 7, 7);
    long retryAfter = limiter.tryAcquire("k", 7);
    assertEquals(8572, retryAfter); // 60 000 / 7 = 8571.4
    advanceMs(retryAfter - 1);
    assertEquals(1, limiter.tryAcquire("k", 7));
    advanceMs(1);
    assertEquals(0, limiter.tryAcquire("k", 7));
  }

  @Test
  void refillsAtPerMinuteUpToAFullBurst() {
    acquireAll(limiter, "k", 60, 60);
    advanceMs(1_000);
    acquireAll(limiter, "k", 60, 1);
    assertEquals(1_000, limiter.tryAcquire("k", 60));
    advanceMs(10 * 60_000);
    acquireAll(limiter, "k", 60, 60);
    assertEquals(1_000, limiter.tryAcquire("k", 60));
  }

  @Test
  void keysAreIndependent() {
    acquireAll(limiter, "a", 2, 2);
    assertEquals(30_000, limiter.tryAcquire("a", 2));
    acquireAll(limiter, "b", 2, 2);
    assertEquals(2, limiter.size());
  }

  @Test
  void zeroPerMinuteIsUnlimitedAndUntracked() {
    acquireAll(limiter, "k", 0, 10_000);
    assertEquals(0, limiter.size());
    assertThrows(IllegalArgumentException.class, () -> limiter.tryAcquire("k", -1));
  }

  @Test
  void aLoweredLimitCapsTheRemainingBurst() {
    acquireAll(limiter, "k", 100, 1);
    acquireAll(limiter, "k", 3, 3);
    assertEquals(20_000, limiter.tryAcquire("k", 3));
  }

  @Test
  void sweepDropsOnlyIdleKeysWhoseBucketIsFullAgain() {
    acquireAll(limiter, "idle", 10, 10);
    advanceMs(30_000);
    acquireAll(limiter, "busy", 10, 10);
    advanceMs(30_000);
    assertEquals(1, limiter.sweep());
    assertEquals(1, limiter.size());
    advanceMs(29_000);
    assertEquals(0, limiter.sweep());
    advanceMs(1_000);
    assertEquals(1, limiter.sweep());
    assertEquals(0, limiter.size());
    acquireAll(limiter, "idle", 10, 10); // a dropped key starts again with a full bucket
  }

  @Test
  void theKeyCapIsHardAndFailsOpenUntilRoomIsMade() {
    RateLimiter capped = RateLimiter.create(clock::get, 2);
    acquireAll(capped, "a", 1, 1);
    acquireAll(capped, "b", 1, 1);
    acquireAll(capped, "c", 1, 3);
    assertEquals(2, capped.size());
    advanceMs(60_000);
    acquireAll(capped, "c", 1, 1);
    assertEquals(1, capped.size());
    assertEquals(60_000, capped.tryAcquire("c", 1));
  }

  @Test
  void concurrentCallersNeverGetMoreThanTheBurst() throws InterruptedException {
    RateLimiter shared = RateLimiter.create(clock::get);
    AtomicInteger allowed = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 5_000; i++) {
          if (shared.tryAcquire("hot", 1_000) == 0) {
            allowed.incrementAndGet();
          }
          if (i % 100 == 0) {
            shared.sweep();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(1_000, allowed.get());
  }
}
