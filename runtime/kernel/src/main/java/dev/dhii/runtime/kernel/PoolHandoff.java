package dev.dhii.runtime.kernel;

import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands a generation's calls to its worker pool in batches. The calls an event loop submits during one turn (the
 * requests of every connection it read) wait in a queue; at the end of the turn the pool gets threads for them, as
 * many as there are calls and free threads; a thread runs queued calls until none is left, and only then is free
 * again. A call submitted off an event loop gets its thread at once.
 * <p>
 * Submitting each call to the pool on its own woke a parked thread for nearly every call (a futex wake-up, then its
 * wait) and on a busy core the woken thread took the core from the event loop before it had read the next request.
 * Here a thread that is still running calls takes the next one without being woken, and a turn's calls wake at most
 * the pool's size. A call still gets a thread whenever one is free: one that blocks does not hold up the others
 * beyond the pool's size, as before.
 */
final class PoolHandoff {

  private static final Logger LOG = LoggerFactory.getLogger(PoolHandoff.class);

  /** A call waiting for a thread. */
  interface Task {
    /** Runs the call on a pool thread. */
    void run();

    /** The pool refused it (shut down: the node is closing). */
    void rejected();
  }

  /** The handoffs an event loop thread has calls queued in this turn, started at its end. */
  private static final FastThreadLocal<ArrayList<PoolHandoff>> THIS_TURN = new FastThreadLocal<>() {
    @Override
    protected ArrayList<PoolHandoff> initialValue() {
      return new ArrayList<>(4);
    }
  };

  private final Executor pool;
  private final int threads;
  private final Queue<Task> queued = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  /** Threads taken to run calls (running one, or about to look for the next). */
  private final AtomicInteger taken = new AtomicInteger();

  /**
   * @param pool the generation's worker pool
   * @param threads its size: the most threads the calls take at once
   */
  PoolHandoff(Executor pool, int threads) {
    this.pool = pool;
    this.threads = Math.max(1, threads);
  }

  /** Queues a call; it gets a thread at the end of the caller's event-loop turn, or at once off an event loop. */
  void submit(Task task) {
    queued.add(task);
    waiting.incrementAndGet();
    SingleThreadEventLoop loop = currentLoop();
    if (loop == null) {
      start();
      return;
    }
    ArrayList<PoolHandoff> turn = THIS_TURN.get();
    if (turn.isEmpty()) {
      loop.executeAfterEventLoopIteration(PoolHandoff::endOfTurn);
    }
    for (int i = 0; i < turn.size(); i++) {
      if (turn.get(i) == this) {
        return;
      }
    }
    turn.add(this);
  }

  private static void endOfTurn() {
    ArrayList<PoolHandoff> turn = THIS_TURN.get();
    // a handoff started here may queue more calls of this thread's next turn: start from a copy
    PoolHandoff[] started = turn.toArray(new PoolHandoff[0]);
    turn.clear();
    for (PoolHandoff handoff : started) {
      handoff.start();
    }
  }

  private static SingleThreadEventLoop currentLoop() {
    Context current = Vertx.currentContext();
    if (current instanceof ContextInternal ctx && ctx.isEventLoopContext()
      && ctx.nettyEventLoop() instanceof SingleThreadEventLoop loop && loop.inEventLoop()) {
      return loop;
    }
    return null;
  }

  /** Takes a free thread for each waiting call, while there are free threads (those taken may be blocked in a call). */
  private void start() {
    // at most the pool's size each time, and none once the calls are taken: a thread started here may run them all
    // and be free again before this loop is done
    int wanted = Math.min(waiting.get(), threads);
    while (wanted > 0 && waiting.get() > 0) {
      int now = taken.get();
      if (now >= threads) {
        return; // each taken thread looks for the next call when its own is done
      }
      if (taken.compareAndSet(now, now + 1)) {
        wanted--;
        try {
          pool.execute(this::runQueued);
        } catch (RejectedExecutionException e) {
          taken.decrementAndGet();
          rejectQueued();
          return;
        }
      }
    }
  }

  /** On a pool thread: runs queued calls until none is left. */
  private void runQueued() {
    while (true) {
      Task task;
      while ((task = queued.poll()) != null) {
        waiting.decrementAndGet();
        try {
          task.run();
        } catch (Throwable t) {
          // a call's failures are its own (PluginHost settles them); this thread goes on to the next call
          LOG.error("a call escaped its handling on the worker pool", t);
        }
      }
      taken.decrementAndGet();
      // a call queued after the last poll, by a caller that counted this thread as taken: take it up again
      if (queued.isEmpty() || !retake()) {
        return;
      }
    }
  }

  private boolean retake() {
    while (true) {
      int now = taken.get();
      if (now >= threads) {
        return false; // another thread has it
      }
      if (taken.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  private void rejectQueued() {
    Task task;
    while ((task = queued.poll()) != null) {
      waiting.decrementAndGet();
      task.rejected();
    }
  }

  /** @return calls waiting for a thread (for tests) */
  int waiting() {
    return waiting.get();
  }
}
