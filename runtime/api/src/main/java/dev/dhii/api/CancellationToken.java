package dev.dhii.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Fires when a call is cancelled: its deadline passed, its caller cancelled it, or its connection
 * closed. Long-running handlers should poll {@link #isCancelled()} or register {@link #onCancel} and
 * stop early; the runtime also interrupts the worker thread running the call.
 *
 * <p>Thread-safe. Handlers run once, on the thread that cancels (or at once if already cancelled).
 */
public final class CancellationToken {

  private final List<Runnable> handlers = new ArrayList<>(2);
  private volatile String reason;

  /** @return a new, not yet cancelled token */
  public static CancellationToken create() {
    return new CancellationToken();
  }

  /** @return {@code true} once the call has been cancelled */
  public boolean isCancelled() {
    return reason != null;
  }

  /** @return why the call was cancelled ({@code "deadline"}, {@code "caller"}, ...), or {@code null} */
  public String reason() {
    return reason;
  }

  /**
   * Registers a handler to run when the call is cancelled; runs it at once if it already was.
   *
   * @param handler what to do on cancellation; must not block
   * @return this token
   */
  public CancellationToken onCancel(Runnable handler) {
    boolean runNow;
    synchronized (handlers) {
      runNow = reason != null;
      if (!runNow) {
        handlers.add(handler);
      }
    }
    if (runNow) {
      handler.run();
    }
    return this;
  }

  /**
   * Throws {@link CancelledException} if the call has been cancelled.
   *
   * @throws CancelledException when cancelled
   */
  public void throwIfCancelled() {
    String r = reason;
    if (r != null) {
      throw new CancelledException("Call cancelled: " + r);
    }
  }

  /**
   * Cancels the call. Only the first cancellation counts.
   *
   * @param why the reason reported by {@link #reason()}
   * @return {@code true} if this call cancelled the token, {@code false} if it was already cancelled
   */
  public boolean cancel(String why) {
    List<Runnable> toRun;
    synchronized (handlers) {
      if (reason != null) {
        return false;
      }
      reason = why == null ? "cancelled" : why;
      toRun = new ArrayList<>(handlers);
      handlers.clear();
    }
    for (Runnable handler : toRun) {
      try {
        handler.run();
      } catch (RuntimeException ignored) {
        // a faulty cancel handler must not stop the others from running
      }
    }
    return true;
  }
}
