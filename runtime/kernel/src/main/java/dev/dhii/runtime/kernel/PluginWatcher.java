package dev.dhii.runtime.kernel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code dhii serve --watch}: follows the plugin folders and every plugin directory in them (at any depth,
 * without caches, virtual environments and build output other than the jars, see {@link WatchedFiles}).
 * When a folder gains or loses a directory it runs the kernel's {@link KernelVerticle#rescan() rescan} (a new
 * plugin is started, a removed one unloaded); when a file a plugin runs changes it redeploys that plugin,
 * through the zero-loss redeploy. Both wait until the changes have settled for {@link #SETTLE_MS}.
 *
 * <p>A plugin directory that is replaced (deleted and created again, or renamed over as
 * {@code dhii plugin install --force} does) is watched again from its new files, and redeployed. A configured
 * folder that does not exist yet is waited for by watching its nearest existing parent; once created it is
 * followed like the others. The watch runs on its own daemon thread; the kernel does the work.
 */
public final class PluginWatcher implements AutoCloseable {

  /**
   * Quiet time after the last change before the rescan or redeploy starts (a jar is written in pieces, an
   * editor saves in several steps). System property {@code dhii.watch.settleMs} overrides it.
   */
  public static final long SETTLE_MS = 100;
  /** The longest a change waits for the changes after it to pause. */
  static final long MAX_DELAY_MS = 3000;

  private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);

  private final KernelVerticle kernel;
  private final PluginRegistry registry;
  private final Context context;
  private final WatchService watch;
  private final long settleMs;
  private final List<Path> folders;
  private final WatchedTrees trees;
  /** The plugins' data directory: what plugins write there is no change to them. */
  private final Path data;
  /** The plugin directories with changes since the last flush. */
  private final Set<Path> dirty = new LinkedHashSet<>();
  private boolean rescan;
  private final Thread thread;

  private PluginWatcher(Vertx vertx, KernelVerticle kernel, PluginRegistry registry) throws IOException {
    this.kernel = kernel;
    this.registry = registry;
    this.context = vertx.getOrCreateContext();
    this.watch = FileSystems.getDefault().newWatchService();
    this.settleMs = Long.getLong("dhii.watch.settleMs", SETTLE_MS);
    this.folders = kernel.pluginDirectories().stream().map(PluginWatcher::normal).distinct().toList();
    this.data = normal(kernel.dataDirectory());
    this.trees = new WatchedTrees(watch, folders, data);
    trees.refreshRoots();
    this.thread = new Thread(this::loop, "dhii-plugin-watch");
    thread.setDaemon(true);
  }

  /**
   * Starts watching the kernel's plugin folders and the plugin directories in them.
   *
   * @param vertx the Vert.x instance
   * @param kernel the kernel that rescans and redeploys
   * @param registry the plugins known
   * @return the running watcher; close it to stop
   * @throws IOException if the file system cannot be watched
   */
  public static PluginWatcher start(Vertx vertx, KernelVerticle kernel, PluginRegistry registry) throws IOException {
    PluginWatcher watcher = new PluginWatcher(vertx, kernel, registry);
    watcher.thread.start();
    LOG.info("watching {} plugin folder(s), {} director(ies) in all, for changes (settle {} ms)", watcher.folders.size(),
      watcher.trees.size(), watcher.settleMs);
    return watcher;
  }

  private void loop() {
    try {
      long lastChange = 0;
      long firstChange = 0;
      while (true) {
        boolean pending = rescan || !dirty.isEmpty();
        long now = System.nanoTime();
        // quiet for the settle time; or changing without a pause for long (a file written on and on)
        long wait = pending ? Math.min(settleMs - (now - lastChange) / 1_000_000,
          MAX_DELAY_MS - (now - firstChange) / 1_000_000) : -1;
        if (pending && wait <= 0) {
          flush();
          continue;
        }
        WatchKey key = pending ? watch.poll(wait, TimeUnit.MILLISECONDS) : watch.take();
        if (key != null) {
          if (!pending) {
            firstChange = System.nanoTime();
          }
          handle(key);
          lastChange = System.nanoTime();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(WatchKey key) {
    Path watched = trees.path(key);
    List<WatchEvent<?>> events = key.pollEvents();
    if (!key.reset() && trees.invalid(key)) {
      rescan = true; // a plugin folder went: its plugins are unloaded, and it is waited for
      trees.refreshRoots();
    }
    if (watched == null) {
      return;
    }
    for (WatchEvent<?> event : events) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        overflowed();
      } else {
        changed(watched.resolve((Path) event.context()), event.kind());
      }
    }
  }

  private void changed(Path file, WatchEvent.Kind<?> kind) {
    if (file.startsWith(data)) {
      return;
    }
    if (folders.stream().anyMatch(f -> f.startsWith(file))) {
      rescan = true; // a folder, or a parent of one, appeared or went
      trees.refreshRoots();
      return;
    }
    // the deepest folder holding it: a folder may lie inside another
    Path folder = folders.stream().filter(f -> file.startsWith(f) && !file.equals(f))
      .max(java.util.Comparator.comparingInt(Path::getNameCount)).orElse(null);
    if (folder == null) {
      return; // a sibling of a folder that does not exist yet
    }
    Path child = folder.resolve(folder.relativize(file).getName(0));
    if (child.getFileName().toString().startsWith(".")) {
      return; // install's staging directory, editors' files
    }
    PluginRecord record = recordAt(child);
    if (file.equals(child)) {
      // the folder gained or lost an entry: a plugin directory added, removed or replaced
      rescan = true;
      trees.watchTree(child);
      dirty.add(child);
      return;
    }
    boolean directory = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
    if (directory && kind == StandardWatchEventKinds.ENTRY_CREATE
      && WatchedFiles.descends(file.getFileName().toString())) {
      trees.watchTree(file);
    }
    if (record == null) {
      // a directory that is no plugin yet: perhaps its manifest was just written, or a rescan is starting it
      rescan = true;
      dirty.add(child);
    } else if (WatchedFiles.concerns(record.manifest(), file, directory)) {
      dirty.add(child);
      if (file.equals(child.resolve(dev.dhii.runtime.manifest.ManifestDiscovery.MANIFEST_FILE))) {
        rescan = true; // a manifest deleted unloads its plugin
      }
    }
  }

  private void overflowed() {
    LOG.warn("plugin watch: events were lost; watching every plugin folder again and redeploying");
    trees.clear();
    trees.refreshRoots();
    rescan = true;
    registry.plugins().forEach(r -> dirty.add(normal(r.manifest().directory())));
  }

  /** Hands the settled changes to the kernel: the rescan first, then the redeploys it did not do. */
  private void flush() {
    boolean again = rescan;
    Set<Path> dirs = new LinkedHashSet<>(dirty);
    rescan = false;
    dirty.clear();
    context.runOnContext(v -> {
      Future<JsonObject> scanned = again ? kernel.rescan() : Future.succeededFuture(new JsonObject());
      scanned.onComplete(ar -> {
        if (ar.failed()) {
          LOG.warn("plugin watch: rescan failed: {}", ar.cause().getMessage());
        }
        Set<Object> done = new HashSet<>();
        if (ar.succeeded()) {
          for (String member : List.of("added", "removed", "redeployed")) {
            done.addAll(ar.result().getJsonArray(member, new JsonArray()).getList());
          }
          ar.result().getJsonArray("failed", new JsonArray()).forEach(f -> done.add(((JsonObject) f).getString("id")));
        }
        // after the rescan, so that a plugin it started is known: changed while it started, it is redeployed
        for (Path dir : dirs) {
          PluginRecord record = recordAt(dir);
          if (record == null || done.contains(record.id()) || !record.enabled()) {
            continue;
          }
          String id = record.id();
          LOG.info("plugin files changed pluginId={}: redeploying", id);
          kernel.redeploy(id).onFailure(e -> LOG.warn("watch redeploy of {} failed: {}", id, e.getMessage()));
        }
      });
    });
  }

  private PluginRecord recordAt(Path dir) {
    for (PluginRecord record : registry.plugins()) {
      if (normal(record.manifest().directory()).equals(dir)) {
        return record;
      }
    }
    return null;
  }

  private static Path normal(Path path) {
    return path.toAbsolutePath().normalize();
  }

  @Override
  public void close() throws IOException {
    watch.close();
    thread.interrupt();
  }
}
