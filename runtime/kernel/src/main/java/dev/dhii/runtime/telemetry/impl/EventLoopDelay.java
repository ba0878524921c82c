package dev.dhii.runtime.telemetry.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late each event loop of a Vert.x runs a task: every {@link #INTERVAL_MS} ms a probe is due on
 * every loop, and the time between when it was due and when it ran is recorded in the timer
 * {@code vertx_eventloop_delay_seconds{loop}} (count, sum, and the largest of the last two minutes as
 * {@code _max}). A loop held by a long task, or one with a deep queue, shows here before callers time out.
 * The probes stop when Vert.x closes or when {@link #stop()} is called.
 */
final class EventLoopDelay {

  /** How often a probe is due on each loop. */
  static final long INTERVAL_MS = 100;
  static final String NAME = "vertx.eventloop.delay";

  private volatile boolean stopped;

  private EventLoopDelay() {
  }

  /**
   * @param vertx the Vert.x whose event loops to probe
   * @param registry where the delays are recorded
   * @return the probes, already started
   */
  static EventLoopDelay watch(Vertx vertx, MeterRegistry registry) {
    EventLoopDelay delay = new EventLoopDelay();
    VertxInternal internal = (VertxInternal) vertx;
    for (EventExecutor executor : internal.nettyEventLoopGroup()) {
      new Probe(delay, (EventLoop) executor, registry).schedule();
    }
    internal.addCloseHook(completion -> {
      delay.stop();
      completion.succeed();
    });
    return delay;
  }

  /** Ends every probe at its next run. */
  void stop() {
    stopped = true;
  }

  /** The probe of one loop: reschedules itself, each run recording how late it was. */
  private static final class Probe implements Runnable {

    private final EventLoopDelay owner;
    private final EventLoop loop;
    private final MeterRegistry registry;
    private Timer timer;
    private long due;

    Probe(EventLoopDelay owner, EventLoop loop, MeterRegistry registry) {
      this.owner = owner;
      this.loop = loop;
      this.registry = registry;
    }

    void schedule() {
      if (owner.stopped || loop.isShuttingDown()) {
        return;
      }
      due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
      try {
        loop.schedule(this, INTERVAL_MS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // the loop is shutting down: nothing left to measure
      }
    }

    @Override
    public void run() {
      long late = Math.max(0, System.nanoTime() - due);
      if (timer == null) {
        // the loop's thread names the series, as it does in thread dumps and logs
        timer = Timer.builder(NAME).description("How late a task due on this event loop ran (a probe every "
            + INTERVAL_MS + " ms): the wait behind the loop's other work.")
          .tag("loop", Thread.currentThread().getName()).register(registry);
      }
      timer.record(late, TimeUnit.NANOSECONDS);
      schedule();
    }
  }
}
