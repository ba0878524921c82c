package dev.dhii.runtime.kernel;

import dev.dhii.api.ExecutionContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One execution of a plugin's code on its worker pool. It settles the attempt's result with what the
 * plugin returned (the pipeline's deadline owns TIMEOUT and CANCELLED), and separately
 * tracks when the plugin stops occupying a worker: a call keeps its bulkhead slot until its worker
 * thread is back (a hung synchronous call holds it), or until it is cancelled once its code has
 * returned a pending Future (no thread is held then).
 */
final class PluginCall {

  private final Promise<Object> result;
  private final Promise<Void> occupancy = Promise.promise();
  private final ExecutionContext ctx;
  private final AtomicInteger overrunning;
  private Thread runner;
  private boolean returned;
  private boolean overran;

  PluginCall(ExecutionContext ctx, Promise<Object> result, AtomicInteger overrunning) {
    this.ctx = ctx;
    this.result = result;
    this.overrunning = overrunning;
    ctx.cancellation().onCancel(this::cancelled);
  }

  Future<Void> occupancy() {
    return occupancy.future();
  }

  synchronized void started() {
    runner = Thread.currentThread();
  }

  /** The plugin's code returned (with a Future, or by throwing). Clears any interrupt meant for this call. */
  void returned(Future<Object> pending) {
    synchronized (this) {
      runner = null;
      returned = true;
      Thread.interrupted();
      if (overran) {
        overrunning.decrementAndGet();
      }
    }
    pending.onComplete(ar -> {
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
      occupancy.tryComplete();
    });
    if (ctx.isCancelled()) {
      occupancy.tryComplete();
    }
  }

  private void cancelled() {
    boolean release;
    synchronized (this) {
      if (runner != null) {
        runner.interrupt();
        overran = true;
        overrunning.incrementAndGet();
      }
      release = returned;
    }
    if (release) {
      occupancy.tryComplete();
    }
  }

  /** @return whether the plugin's code is still running synchronously on a worker thread */
  synchronized boolean running() {
    return runner != null;
  }
}
