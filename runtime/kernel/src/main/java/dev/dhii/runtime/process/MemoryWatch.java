package dev.dhii.runtime.process;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The {@code maxMemoryMb} bound of a process plugin: reads the process's resident memory every second
 * (Linux /proc) and kills it past the bound; supervision then starts it again, as after a crash.
 */
public final class MemoryWatch {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryWatch.class);
  private static final long MEMORY_CHECK_MS = 1_000;

  private MemoryWatch() {
  }

  /**
   * @param vertx timers and file reads
   * @param watched the process started
   * @param pluginId its plugin
   * @param maxMemoryMb the bound (0 or less: not watched)
   * @param stopping whether the plugin is being unloaded (the watch ends)
   * @param killed told why, just before the process is killed
   */
  static void watch(Vertx vertx, Process watched, String pluginId, int maxMemoryMb, BooleanSupplier stopping,
                    Consumer<String> killed) {
    if (maxMemoryMb <= 0) {
      return;
    }
    long limitKb = maxMemoryMb * 1024L;
    vertx.setPeriodic(MEMORY_CHECK_MS, timer -> {
      if (!watched.isAlive() || stopping.getAsBoolean()) {
        vertx.cancelTimer(timer);
        return;
      }
      // the plugin's program: under bubblewrap a descendant of the process started (found off the event loop)
      vertx.executeBlocking(() -> "/proc/" + ProcessLauncher.program(watched.toHandle()).pid() + "/status", false)
        .compose(status -> vertx.fileSystem().readFile(status)).onSuccess(buffer -> {
        long rssKb = residentKb(buffer.toString());
        if (rssKb > limitKb && watched.isAlive() && !stopping.getAsBoolean()) {
          vertx.cancelTimer(timer);
          String why = "killed: resident memory " + rssKb / 1024 + " MiB above maxMemoryMb " + maxMemoryMb;
          killed.accept(why);
          LOG.warn("plugin process of {} {}", pluginId, why);
          watched.destroyForcibly();
        }
      }).onFailure(e -> {
        if (watched.isAlive()) { // no /proc here: the bound cannot be watched
          LOG.warn("plugin {}: maxMemoryMb cannot be enforced here ({}); not watched", pluginId, e.getMessage());
        }
        vertx.cancelTimer(timer);
      });
    });
  }

  /**
   * @param status the text of a Linux {@code /proc/<pid>/status} file
   * @return its {@code VmRSS} (resident memory) in KiB, or 0 if it has none
   */
  public static long residentKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String digits = line.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
      }
    }
    return 0;
  }
}
