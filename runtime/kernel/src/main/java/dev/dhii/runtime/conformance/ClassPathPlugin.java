package dev.dhii.runtime.conformance;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Conformance of a plugin whose classes are on the class path (a plugin module's own tests, before its jar
 * is built): its manifest is copied without {@code classpath}, so the runtime loads the entrypoint from the
 * class path, and tested with the default options.
 */
public final class ClassPathPlugin {

  private ClassPathPlugin() {
  }

  /**
   * @param manifestFile the plugin's manifest.json
   * @param config replaces the manifest's {@code config} when not null (e.g. a mail server's port)
   * @param scratch an empty directory the copy is written into
   * @return the report
   */
  public static ConformanceReport test(Path manifestFile, JsonObject config, Path scratch) {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject manifest = new JsonObject(Files.readString(manifestFile));
      manifest.remove("classpath");
      if (config != null) {
        manifest.put("config", config);
      }
      Path dir = Files.createDirectories(scratch.resolve(manifest.getString("id")));
      Files.writeString(dir.resolve("manifest.json"), manifest.encode());
      return Conformance.run(vertx, new ConformanceOptions(dir, ConformanceOptions.DEFAULT_CASES, ConformanceOptions.DEFAULT_SEED,
        ConformanceOptions.DEFAULT_TIMEOUT_MS, null, manifestFile.toAbsolutePath().getParent().getParent()), r -> { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  /** @param report a report @return its failed cases' report lines, one after the other (empty when none failed) */
  public static String failures(ConformanceReport report) {
    StringBuilder text = new StringBuilder(report.summary());
    report.capabilities().forEach(c -> c.results().stream().filter(r -> !r.passed())
      .forEach(r -> text.append(System.lineSeparator()).append(ConformanceReport.line(r))));
    return text.toString();
  }
}
