package dev.dhii.runtime.resilience;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureRateWindowTest {

  private static void record(FailureRateWindow window, int failures, int successes) {
    for (int i = 0; i < failures; i++) {
      window.record(true);
    }
    for (int i = 0; i < successes; i++) {
      window.record(false);
    }
  }

  @Test
  void exactlyFiftyPercentDoesNotTripAThresholdOfHalf() {
    FailureRateWindow window = new FailureRateWindow(20, 10, 0.5);
    record(window, 10, 10);
    assertEquals(0.5, window.failureRate());
    assertFalse(window.tripped());

    FailureRateWindow hundred = new FailureRateWindow(100, 100, 0.5);
    record(hundred, 50, 50);
    assertFalse(hundred.tripped());
  }

  @Test
  void fiftyOnePercentTripsAThresholdOfHalf() {
    FailureRateWindow window = new FailureRateWindow(100, 100, 0.5);
    record(window, 51, 49);
    assertEquals(100, window.calls());
    assertTrue(window.tripped());
  }

  @Test
  void fewerThanMinimumCallsNeverTrip() {
    FailureRateWindow window = new FailureRateWindow(20, 10, 0.5);
    for (int i = 1; i < 10; i++) {
      assertFalse(window.record(true), "tripped after " + i + " failures");
    }
    assertEquals(1.0, window.failureRate());
    assertTrue(window.record(true));
  }

  @Test
  void oldestOutcomeSlidesOut() {
    FailureRateWindow window = new FailureRateWindow(4, 4, 0.5);
    record(window, 4, 0);
    assertTrue(window.tripped());
    record(window, 0, 3);
    assertEquals(4, window.calls());
    assertEquals(1, window.failures());
    assertEquals(0.25, window.failureRate());
    assertFalse(window.tripped());
  }

  @Test
  void resetForgetsEveryOutcome() {
    FailureRateWindow window = new FailureRateWindow(4, 2, 0.5);
    record(window, 4, 0);
    window.reset();
    assertEquals(0, window.calls());
    assertEquals(0.0, window.failureRate());
    assertFalse(window.tripped());
    record(window, 1, 1);
    assertEquals(2, window.calls());
    assertFalse(window.tripped());
  }

  @Test
  void minimumCallsAboveWindowSizeActsAsTheWindowSize() {
    FailureRateWindow window = new FailureRateWindow(5, 10, 0.5);
    record(window, 5, 0);
    assertTrue(window.tripped());
  }

  @Test
  void thresholdOfOneNeverTripsAndZeroTripsOnAnyFailure() {
    FailureRateWindow never = new FailureRateWindow(3, 1, 1.0);
    record(never, 3, 0);
    assertFalse(never.tripped());
    FailureRateWindow eager = new FailureRateWindow(10, 1, 0.0);
    assertFalse(eager.record(false));
    assertTrue(eager.record(true));
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new FailureRateWindow(0, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new FailureRateWindow(1, -1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new FailureRateWindow(1, 1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new FailureRateWindow(1, 1, Double.NaN));
  }

  @Test
  void concurrentRecordsKeepCountsConsistent() throws InterruptedException {
    FailureRateWindow window = new FailureRateWindow(64, 10, 0.5);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> record(window, 5_000, 0));
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(64, window.calls());
    assertEquals(64, window.failures());
  }
}
