package dev.dhii.runtime.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runtime's temporary directories ({@code dhii-*} in {@code java.io.tmpdir}: the TCP bridge's sockets,
 * the jars' shadow copies) carry an {@value #OWNER} file naming the runtime that made them (pid and start
 * time). At the next start, {@link #sweep()} removes those whose runtime is gone (killed with SIGKILL, so
 * it could not clean up); directories without the file, or of a runtime still running, are left alone.
 */
public final class OwnedTempDirs {

  /** The file in each directory that names its runtime: {@code <pid> <start epoch ms>}. */
  public static final String OWNER = ".dhii-owner";

  private static final Logger LOG = LoggerFactory.getLogger(OwnedTempDirs.class);

  private OwnedTempDirs() {
  }

  /** @return this runtime's owner line */
  static String self() {
    ProcessHandle me = ProcessHandle.current();
    return me.pid() + " " + me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /**
   * @param dir a temporary directory this runtime made
   * @throws IOException if the owner file cannot be written
   */
  public static void mark(Path dir) throws IOException {
    Files.writeString(dir.resolve(OWNER), self() + "\n", StandardCharsets.UTF_8);
  }

  /**
   * @param owner an owner line
   * @return whether the runtime it names is still running (same pid, same start time)
   */
  static boolean alive(String owner) {
    String[] parts = owner.trim().split(" ");
    if (parts.length != 2) {
      return true; // not ours to judge: keep it
    }
    try {
      long pid = Long.parseLong(parts[0]);
      long started = Long.parseLong(parts[1]);
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      return handle.isPresent() && handle.get().isAlive()
        && handle.get().info().startInstant().map(Instant::toEpochMilli).orElse(started) == started;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** @return how many stale directories were removed from {@code java.io.tmpdir} */
  public static int sweep() {
    return sweep(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * @param tmp the directory holding the runtime's temporary directories
   * @return how many stale {@code dhii-*} directories were removed
   */
  public static int sweep(Path tmp) {
    int removed = 0;
    List<Path> candidates;
    try (Stream<Path> list = Files.list(tmp)) {
      candidates = list.filter(p -> p.getFileName().toString().startsWith("dhii-") && Files.isDirectory(p)).toList();
    } catch (IOException e) {
      return 0;
    }
    for (Path dir : candidates) {
      Path owner = dir.resolve(OWNER);
      try {
        if (Files.isRegularFile(owner) && !alive(Files.readString(owner, StandardCharsets.UTF_8))) {
          deleteRecursively(dir);
          removed++;
        }
      } catch (IOException e) {
        LOG.debug("stale temporary directory {} not removed: {}", dir, e.toString());
      }
    }
    if (removed > 0) {
      LOG.info("removed {} temporary directories of runtimes that are gone (in {})", removed, tmp);
    }
    return removed;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
