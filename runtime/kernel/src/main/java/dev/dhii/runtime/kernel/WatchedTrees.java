package dev.dhii.runtime.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The directories {@link PluginWatcher} has registered: the plugin folders (or, for one that does not exist yet,
 * its nearest existing parent) and the directory trees of the plugins in them. Touched by the watch thread alone.
 */
final class WatchedTrees {

  /** The most directories watched under one plugin directory. */
  static final int MAX_DIRECTORIES = 2000;

  private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);

  private final WatchService watch;
  private final List<Path> folders;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private final Set<Path> roots = new HashSet<>();
  /** Never watched: the plugins' data directory, which may lie in a plugin folder. */
  private final Path data;

  WatchedTrees(WatchService watch, List<Path> folders, Path data) {
    this.watch = watch;
    this.folders = folders;
    this.data = data;
  }

  /** @return how many directories are watched */
  int size() {
    return keys.size();
  }

  /** @param key a key the service signalled @return the directory it watches, or null */
  Path path(WatchKey key) {
    return keys.get(key);
  }

  /**
   * Forgets a key that no longer watches anything (its directory is gone).
   *
   * @return whether it was a plugin folder's (which is then waited for again)
   */
  boolean invalid(WatchKey key) {
    Path path = keys.remove(key);
    return path != null && roots.remove(path);
  }

  /** Cancels every registration, to start again ({@link #refreshRoots()}). */
  void clear() {
    keys.keySet().forEach(WatchKey::cancel);
    keys.clear();
    roots.clear();
  }

  /**
   * Each folder is watched if it exists, else its nearest existing parent (until it is created).
   *
   * @return whether a folder is watched that was not before (its plugins are to be rescanned)
   */
  boolean refreshRoots() {
    boolean fresh = false;
    for (Path folder : folders) {
      if (Files.isDirectory(folder)) {
        if (roots.add(folder)) {
          register(folder);
          fresh = true;
          try (var children = Files.list(folder)) {
            children.filter(c -> Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS))
              .filter(c -> !c.getFileName().toString().startsWith(".")).forEach(this::watchTree);
          } catch (IOException e) {
            LOG.warn("plugin watch: cannot list {}: {}", folder, e.getMessage());
          }
        }
      } else {
        roots.remove(folder);
        Path parent = nearestExisting(folder);
        if (parent != null && !keys.containsValue(parent)) {
          register(parent);
          // made between the check and the registration (mkdir -p): no event will tell, so look again
          if (!parent.equals(nearestExisting(folder)) || Files.isDirectory(folder)) {
            fresh |= refreshRoots();
          }
        }
      }
    }
    return fresh;
  }

  private static Path nearestExisting(Path folder) {
    Path parent = folder.getParent();
    while (parent != null && !Files.isDirectory(parent)) {
      parent = parent.getParent();
    }
    return parent;
  }

  /** Watches a directory and the directories below it anew (the ones there before, perhaps moved away, no longer). */
  void watchTree(Path top) {
    keys.entrySet().removeIf(e -> {
      boolean under = e.getValue().startsWith(top) && !roots.contains(e.getValue());
      if (under) {
        e.getKey().cancel();
      }
      return under;
    });
    if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS) || top.startsWith(data)) {
      return;
    }
    int[] count = {0};
    try {
      Files.walkFileTree(top, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!dir.equals(top) && (!WatchedFiles.descends(dir.getFileName().toString()) || dir.startsWith(data))) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (++count[0] > MAX_DIRECTORIES) {
            LOG.warn("plugin watch: more than {} directories under {}; the rest is not watched", MAX_DIRECTORIES, top);
            return FileVisitResult.TERMINATE;
          }
          register(dir);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // gone meanwhile: its parent's event says so
        }
      });
    } catch (IOException e) {
      LOG.warn("plugin watch: cannot walk {}: {}", top, e.getMessage());
    }
  }

  private void register(Path dir) {
    try {
      keys.put(dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE), dir);
    } catch (IOException e) {
      LOG.debug("plugin watch: cannot watch {}: {}", dir, e.getMessage()); // gone meanwhile
    }
  }
}
