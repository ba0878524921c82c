package dev.dhii.runtime.process;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The supervision of a process plugin's process (see {@link ProcessPlugin}): the restart after a backoff
 * (1 s doubling to 30 s, reset by a successful announcement) and the stop sequence (shutdown asked, then
 * SIGTERM, then SIGKILL, each after the stop timeout).
 */
final class ProcessSupervision {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessPlugin.class);
  /** The first restart's delay, and the delay again after a successful announcement. */
  static final long FIRST_BACKOFF_MS = 1000;
  private static final long MAX_BACKOFF_MS = 30_000;

  /** Starts a process (forks and execs: blocking). */
  @FunctionalInterface
  interface Start {
    void start() throws Exception;
  }

  private ProcessSupervision() {
  }

  /** @param delayMs this restart's delay @return the next one's: doubled, at most 30 s */
  static long nextBackoff(long delayMs) {
    return Math.min(MAX_BACKOFF_MS, delayMs * 2);
  }

  /**
   * Starts the process again after {@code delayMs}, off the event loop, unless the plugin is stopping by then.
   *
   * @param vertx timers and the blocking start
   * @param pluginId the plugin
   * @param delayMs the backoff
   * @param stopping whether the plugin is being unloaded
   * @param start starts the process
   * @param down told why, when it cannot be started
   */
  static void restartLater(Vertx vertx, String pluginId, long delayMs, BooleanSupplier stopping, Start start,
                           Consumer<String> down) {
    vertx.setTimer(delayMs, t -> {
      if (stopping.getAsBoolean()) {
        return;
      }
      // fork and exec off the event loop
      vertx.executeBlocking(() -> {
        start.start();
        return null;
      }, false).onFailure(e -> {
        down.accept("cannot be restarted: " + e.getMessage());
        LOG.error("plugin process of {} cannot be restarted: {}", pluginId, e.toString());
      });
    });
  }

  /**
   * Stops a process: once {@code asked} (the shutdown request) settles, waits for it to exit, then SIGTERM,
   * then SIGKILL, each after {@code stopTimeoutMs}.
   *
   * @return completes when the process is gone (or was killed)
   */
  static Future<Void> stop(Vertx vertx, String pluginId, Process p, Future<Void> asked, long stopTimeoutMs) {
    return asked.recover(e -> Future.succeededFuture())
      .compose(v -> exit(vertx, p, stopTimeoutMs))
      .compose(gone -> {
        if (gone) {
          return Future.succeededFuture(true);
        }
        LOG.warn("plugin process of {} still running after shutdown: SIGTERM", pluginId);
        p.destroy();
        return exit(vertx, p, stopTimeoutMs);
      })
      .compose(gone -> {
        if (!gone) {
          LOG.warn("plugin process of {} still running after SIGTERM: SIGKILL", pluginId);
          p.destroyForcibly();
        }
        return Future.<Void>succeededFuture();
      });
  }

  /** @return the process's answer to the shutdown request on its calls address (or its failure), within the stop timeout */
  static Future<Void> askShutdown(Vertx vertx, String callsAddress, long stopTimeoutMs) {
    return vertx.eventBus().request(callsAddress, new JsonObject().put("control", "shutdown"),
      new DeliveryOptions().setSendTimeout(stopTimeoutMs)).mapEmpty();
  }

  private static Future<Boolean> exit(Vertx vertx, Process p, long timeoutMs) {
    Promise<Boolean> gone = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> gone.tryComplete(false));
    p.onExit().thenAccept(x -> {
      vertx.cancelTimer(timer);
      gone.tryComplete(true);
    });
    return gone.future();
  }
}
