package dev.dhii.runtime.kernel;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code dhii serve --watch}: watches each plugin's directory (and its {@code lib/}) and redeploys the
 * plugin when a file there changes, once the changes have settled for {@link #SETTLE_MS}. The watch
 * runs on its own daemon thread; redeploys run on the kernel.
 */
public final class PluginWatcher implements AutoCloseable {

  /** Quiet time after the last change before a redeploy starts (a jar is often written in pieces). */
  public static final long SETTLE_MS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);

  private final Vertx vertx;
  private final KernelVerticle kernel;
  private final WatchService watch;
  private final Map<WatchKey, String> plugins = new HashMap<>();
  private final Map<String, Long> timers = new HashMap<>();
  private final Thread thread;

  private PluginWatcher(Vertx vertx, KernelVerticle kernel, PluginRegistry registry) throws IOException {
    this.vertx = vertx;
    this.kernel = kernel;
    this.watch = FileSystems.getDefault().newWatchService();
    for (PluginRecord record : registry.plugins()) {
      Path dir = record.manifest().directory();
      for (Path watched : new Path[] {dir, dir.resolve("lib")}) {
        if (Files.isDirectory(watched)) {
          plugins.put(watched.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE), record.id());
        }
      }
    }
    this.thread = new Thread(this::loop, "dhii-plugin-watch");
    thread.setDaemon(true);
  }

  /**
   * Starts watching every known plugin's directory.
   *
   * @param vertx the Vert.x instance
   * @param kernel the kernel that redeploys
   * @param registry the plugins to watch
   * @return the running watcher; close it to stop
   * @throws IOException if the file system cannot be watched
   */
  public static PluginWatcher start(Vertx vertx, KernelVerticle kernel, PluginRegistry registry) throws IOException {
    PluginWatcher watcher = new PluginWatcher(vertx, kernel, registry);
    watcher.thread.start();
    LOG.info("watching {} plugin director(ies) for changes", watcher.plugins.size());
    return watcher;
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watch.take();
        String pluginId = plugins.get(key);
        boolean changed = !key.pollEvents().isEmpty();
        key.reset();
        if (pluginId != null && changed) {
          vertx.runOnContext(v -> settle(pluginId));
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs on a Vert.x context: (re)starts the plugin's settle timer. */
  private void settle(String pluginId) {
    Long previous = timers.remove(pluginId);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
    timers.put(pluginId, vertx.setTimer(SETTLE_MS, t -> {
      timers.remove(pluginId);
      LOG.info("plugin files changed pluginId={}: redeploying", pluginId);
      kernel.redeploy(pluginId).onComplete(ar -> {
        if (ar.failed()) {
          LOG.warn("watch redeploy of {} failed: {}", pluginId, ar.cause().getMessage());
        }
      });
    }));
  }

  @Override
  public void close() throws IOException {
    watch.close();
    thread.interrupt();
  }
}
