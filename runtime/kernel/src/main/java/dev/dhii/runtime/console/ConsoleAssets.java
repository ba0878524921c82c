package dev.dhii.runtime.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's files, read from the class path once (on a worker thread) and kept: the page, its script and
 * style, and uPlot from its webjar. Thread-safe.
 */
final class ConsoleAssets {

  /** One file: where it is on the class path and its content type. */
  record Asset(String resource, String contentType) {
  }

  private static final String UI = "dev/dhii/runtime/console/ui/";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String JS = "text/javascript; charset=utf-8";
  private static final String CSS = "text/css; charset=utf-8";

  /** What is served, by path under {@code /ui/}. */
  static final Map<String, Asset> FILES = Map.of(
    "", new Asset(UI + "index.html", HTML),
    "console.js", new Asset(UI + "console.js", JS),
    "live.js", new Asset(UI + "live.js", JS),
    "console.css", new Asset(UI + "console.css", CSS),
    "vendor/uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", JS),
    "vendor/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", CSS));

  private final Map<String, Future<Buffer>> loaded = new ConcurrentHashMap<>();

  /**
   * @param vertx the Vert.x instance
   * @param asset one of {@link #FILES}
   * @return its bytes (read once; a failed read is retried on the next request)
   */
  Future<Buffer> get(Vertx vertx, Asset asset) {
    Future<Buffer> bytes = loaded.computeIfAbsent(asset.resource(), r -> vertx.executeBlocking(() -> read(r), false));
    return bytes.onFailure(e -> loaded.remove(asset.resource(), bytes));
  }

  private static Buffer read(String resource) {
    try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the class path: " + resource);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
