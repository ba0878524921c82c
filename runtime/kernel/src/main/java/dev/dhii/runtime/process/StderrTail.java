package dev.dhii.runtime.process;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Follows a plugin process's stderr: every line goes on to the runtime's stderr as before (the SDK prefixes
 * its lines with the plugin id), and the last few are kept, so that a process that exits before announcing
 * its capabilities fails its plugin with the reason it printed (the SDK's last stderr line says why it
 * could not import or construct the plugin). Read by one daemon thread per process, which ends at the end
 * of the stream.
 */
public final class StderrTail {

  /** Lines kept. */
  static final int LINES = 4;
  /** Characters kept of each line. */
  static final int LINE_CHARS = 300;

  private final ArrayDeque<String> last = new ArrayDeque<>(LINES);
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private StderrTail() {
  }

  /**
   * @param process a process started with its stderr piped
   * @param pluginId its plugin, for the thread's name
   * @return the tail of its stderr, followed from now on
   */
  public static StderrTail follow(Process process, String pluginId) {
    StderrTail tail = new StderrTail();
    Thread reader = new Thread(() -> tail.copy(process.getErrorStream(), System.err), "dhii-stderr-" + pluginId);
    reader.setDaemon(true);
    reader.start();
    return tail;
  }

  /** @return a tail of a process whose stderr is not followed (nothing kept) */
  public static StderrTail none() {
    StderrTail tail = new StderrTail();
    tail.ended.complete(null);
    return tail;
  }

  void copy(InputStream in, PrintStream out) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        out.println(line);
        keep(line);
      }
    } catch (IOException e) {
      // the process is gone and its pipe with it: what was read is kept
    } finally {
      ended.complete(null);
    }
  }

  private void keep(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return;
    }
    synchronized (last) {
      if (last.size() == LINES) {
        last.removeFirst();
      }
      last.addLast(trimmed.length() > LINE_CHARS ? trimmed.substring(0, LINE_CHARS) + "..." : trimmed);
    }
  }

  /** @return the lines kept, oldest first */
  public List<String> lines() {
    synchronized (last) {
      return List.copyOf(last);
    }
  }

  /**
   * @param vertx where to wait
   * @param maxWaitMs how long to wait at most for the rest of the stream (a child of the process may hold it)
   * @return completed once the stream has ended, or after {@code maxWaitMs}; never failed
   */
  public Future<Void> settled(Vertx vertx, long maxWaitMs) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, maxWaitMs), t -> done.tryComplete());
    ended.whenComplete((v, e) -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  /** @return {@code ""}, or {@code ": "} and the last line the process printed (its reason, for the SDK) */
  public String reason() {
    List<String> kept = lines();
    return kept.isEmpty() ? "" : ": " + kept.get(kept.size() - 1);
  }
}
