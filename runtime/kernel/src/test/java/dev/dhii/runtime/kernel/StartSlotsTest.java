package dev.dhii.runtime.kernel;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on plugins loading at once: never more than its permits, the others in the order asked, none lost. */
class StartSlotsTest {

  @Test
  void atMostThePermitsRunAndTheRestFollowInOrder() {
    PluginDirectoryStartup.StartSlots slots = new PluginDirectoryStartup.StartSlots(2);
    List<Integer> begun = new ArrayList<>();
    List<Promise<Void>> steps = new ArrayList<>();
    List<Future<Void>> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      outcomes.add(slots.run(() -> {
        begun.add(n);
        Promise<Void> step = Promise.promise();
        steps.add(step);
        return step.future();
      }));
    }
    assertEquals(List.of(0, 1), begun);
    steps.get(1).complete();
    assertEquals(List.of(0, 1, 2), begun);
    assertTrue(outcomes.get(1).succeeded());
    steps.get(0).fail("it failed");
    assertEquals(List.of(0, 1, 2, 3), begun);
    assertTrue(outcomes.get(0).failed());
    steps.get(2).complete();
    steps.get(3).complete();
    assertEquals(List.of(0, 1, 2, 3, 4), begun);
    steps.get(4).complete();
    outcomes.forEach(f -> assertTrue(f.isComplete()));
    // every slot is free again: two run at once
    begun.clear();
    slots.run(() -> {
      begun.add(5);
      return Promise.<Void>promise().future();
    });
    slots.run(() -> {
      begun.add(6);
      return Promise.<Void>promise().future();
    });
    assertEquals(List.of(5, 6), begun);
  }

  @Test
  void aStepThatThrowsFreesItsSlot() {
    PluginDirectoryStartup.StartSlots slots = new PluginDirectoryStartup.StartSlots(1);
    Future<Void> thrown = slots.run(() -> {
      throw new IllegalStateException("broken");
    });
    assertTrue(thrown.failed());
    List<String> begun = new ArrayList<>();
    slots.run(() -> {
      begun.add("next");
      return Future.succeededFuture();
    });
    assertEquals(List.of("next"), begun);
  }

  @Test
  void tenThousandStepsThatCompleteAtOnceDoNotGrowTheStack() {
    PluginDirectoryStartup.StartSlots slots = new PluginDirectoryStartup.StartSlots(1);
    Promise<Void> first = Promise.promise();
    slots.run(first::future);
    int[] ran = {0};
    List<Future<Void>> outcomes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      outcomes.add(slots.run(() -> {
        ran[0]++;
        return Future.succeededFuture();
      }));
    }
    assertEquals(0, ran[0]);
    // freeing the one slot runs all the waiting steps, one after the other, from one loop
    first.complete();
    assertEquals(10_000, ran[0]);
    outcomes.forEach(f -> assertTrue(f.succeeded()));
  }
}
