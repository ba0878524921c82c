package dev.dhii.runtime.testing;

import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxThread;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A test Vert.x whose blocked-thread checker is tight and records, instead of only logging, every event
 * loop held longer than {@link #MAX_EVENT_LOOP_MS}. A fixture calls {@link #check()} after each test: a
 * recorded block fails it, with the blocked thread's stack at the time of the check.
 *
 * <p>An event loop found waiting (parked, sleeping, on a lock: a blocking call) fails the test after
 * {@code -Ddhii.test.maxEventLoopMs} (default 500 ms, checked every 100 ms); one found runnable (a long
 * computation, blocking I/O, or no CPU on a loaded machine) after {@code -Ddhii.test.maxBusyEventLoopMs}
 * (default 2 s). Worker threads keep Vert.x's own limit and its warning.
 */
public final class BlockedLoops {

  /** The longest an event loop may wait (parked, sleeping, on a lock) in one task of a test before the test fails. */
  public static final long MAX_EVENT_LOOP_MS = Long.getLong("dhii.test.maxEventLoopMs", 500);
  /**
   * The longest an event loop may stay runnable in one task (computing, in blocking I/O, or starved of CPU on a
   * loaded machine: the first request of a cold JVM can take half a second there) before the test fails.
   */
  public static final long MAX_BUSY_EVENT_LOOP_MS = Long.getLong("dhii.test.maxBusyEventLoopMs", 2_000);
  private static final Logger LOG = LoggerFactory.getLogger(BlockedLoops.class);

  private final Vertx vertx;
  private final long waitMs;
  private final long busyMs;
  private final long checkMs;
  private final List<String> violations = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final Set<String> warned = new HashSet<>();
  private Promise<String> next = Promise.promise();

  private BlockedLoops(VertxOptions options, long waitMs, long busyMs, Function<VertxOptions, Vertx> build) {
    this.waitMs = waitMs;
    this.busyMs = busyMs;
    this.checkMs = Math.max(20, Math.min(100, waitMs / 4));
    this.vertx = build.apply(options.setBlockedThreadCheckInterval(checkMs).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
      .setMaxEventLoopExecuteTime(waitMs).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(this::blocked);
  }

  /** @return a new Vert.x with the tight checker and the default limits */
  public static BlockedLoops create() {
    return create(MAX_EVENT_LOOP_MS, MAX_BUSY_EVENT_LOOP_MS);
  }

  /**
   * @param waitMs how long an event loop may wait in one task
   * @param busyMs how long it may stay runnable in one task
   * @return a new Vert.x with the checker at those limits
   */
  public static BlockedLoops create(long waitMs, long busyMs) {
    return create(waitMs, busyMs, Vertx::vertx);
  }

  /**
   * A Vert.x with options of its own (a tracer, metrics: {@code VertxFactory}) and the tight checker.
   *
   * @param waitMs how long an event loop may wait in one task
   * @param busyMs how long it may stay runnable in one task
   * @param build builds the Vert.x from options that carry the checker's limits (kept by the builder)
   * @return the Vert.x with the checker at those limits, recording here what it finds
   */
  public static BlockedLoops create(long waitMs, long busyMs, Function<VertxOptions, Vertx> build) {
    return new BlockedLoops(new VertxOptions(), waitMs, busyMs, build);
  }

  /**
   * @param options the runtime's options (the cluster's, when clustered)
   * @param telemetry the tracing and metrics Vert.x is built with
   * @return a Vert.x built by {@link VertxFactory} with that telemetry, not clustered, and the tight checker at the
   *     default limits
   */
  public static BlockedLoops create(RuntimeOptions options, Telemetry telemetry) {
    return create(MAX_EVENT_LOOP_MS, MAX_BUSY_EVENT_LOOP_MS, options, telemetry);
  }

  /**
   * @param waitMs how long an event loop may wait in one task
   * @param busyMs how long it may stay runnable in one task
   * @param options the runtime's options
   * @param telemetry the tracing and metrics Vert.x is built with
   * @return a Vert.x built by {@link VertxFactory}, with the checker at those limits
   */
  public static BlockedLoops create(long waitMs, long busyMs, RuntimeOptions options, Telemetry telemetry) {
    return create(waitMs, busyMs, tight -> VertxFactory.create(options, telemetry, false, tight).result());
  }

  /** @return the Vert.x instance */
  public Vertx vertx() {
    return vertx;
  }

  private void blocked(BlockedThreadEvent event) {
    Thread thread = event.thread();
    boolean eventLoop = thread instanceof VertxThread vt && !vt.isWorker();
    Thread.State state = thread.getState();
    long ms = TimeUnit.NANOSECONDS.toMillis(event.duration());
    String text = thread.getName() + " blocked for " + ms + " ms (" + state + ", limit "
      + (state == Thread.State.RUNNABLE ? busyMs : waitMs) + " ms) at\n  "
      + Arrays.stream(thread.getStackTrace()).limit(25).map(String::valueOf).collect(Collectors.joining("\n  "));
    if (!eventLoop) {
      LOG.warn("Worker {}", text);
      return;
    }
    // the checker reports a blocked task on every check while it lasts: warn and record it once
    long start = ((VertxThread) thread).startTime();
    if (start == 0 || System.nanoTime() - start < event.duration()) {
      // the task the checker measured has ended since (the checker thread ran late): the key below would name
      // another task, and a stale record would reach whatever test runs next
      return;
    }
    String task = thread.getName() + "@" + start;
    if (state == Thread.State.RUNNABLE && ms < busyMs) {
      // not waiting on anything: slow, or starved of CPU; checked again while it lasts
      boolean first;
      synchronized (this) {
        first = warned.add(task);
      }
      if (first) {
        LOG.warn("Slow event loop {}", text);
      }
      return;
    }
    Promise<String> signalled;
    synchronized (this) {
      if (!seen.add(task)) {
        return;
      }
      violations.add(text);
      signalled = next;
      next = Promise.promise();
    }
    LOG.error("Event loop {}", text);
    signalled.tryComplete(text);
  }

  /** @return the next event-loop block to be recorded (completes on the checker's thread) */
  public synchronized Future<String> nextViolation() {
    return next.future();
  }

  /** @return the blocks recorded since the last {@link #check} or {@link #clear}, and forgets them */
  public synchronized List<String> clear() {
    List<String> recorded = List.copyOf(violations);
    violations.clear();
    return recorded;
  }

  /** @throws AssertionError if an event loop was blocked since the last check */
  public void check() {
    List<String> recorded = clear();
    if (!recorded.isEmpty()) {
      throw new AssertionError("An event loop was blocked longer than " + waitMs + " ms ("
        + recorded.size() + "x):\n" + String.join("\n", recorded));
    }
  }
}
