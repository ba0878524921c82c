package dev.dhii.runtime.cli;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.SchemaValidator;
import dev.dhii.runtime.manifest.CapabilityDiff;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.process.LaunchSpec;
import dev.dhii.runtime.process.ProcessCommand;
import dev.dhii.runtime.process.ProcessLauncher;
import dev.dhii.runtime.process.ProcessWire;
import dev.dhii.runtime.process.PythonEnvironment;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Asks a process plugin what it would announce: runs its command with {@code DHII_DESCRIBE=1} (the SDK
 * then prints its capabilities and schemas as one JSON line and exits, without connecting), started by the
 * {@link ProcessLauncher} as the runtime starts it (the same minimal environment, the same sandbox), and compares
 * them with the manifest as the runtime will: a capability announced but not declared is an error, one
 * declared but not described a warning (it may be added at load time, as v1 plugins do), and every
 * schema must compile.
 */
final class ProcessDescription {

  static final long TIMEOUT_MS = 15_000;

  private ProcessDescription() {
  }

  static void check(PluginManifest manifest, List<String> errors, List<String> warnings) {
    check(manifest, errors, warnings, System.getenv());
  }

  /**
   * @param parentEnv the environment of the one who validates: the described process gets from it only
   *                  what a served process gets from the runtime's (the launcher's allow-list), and runs in
   *                  the same sandbox ({@code process.sandbox})
   */
  static void check(PluginManifest manifest, List<String> errors, List<String> warnings, Map<String, String> parentEnv) {
    Path file = manifest.file();
    String where = manifest.command().isEmpty() ? "/entrypoint" : "/command";
    Path out;
    Path err;
    Path scratch;
    LaunchSpec launch;
    try {
      out = Files.createTempFile("dhii-describe-", ".out");
      err = Files.createTempFile("dhii-describe-", ".err");
      // v1 constructors write files into their working directory: describe in a throw-away one (for a
      // command, a throw-away copy of the plugin directory, since its command names files there)
      scratch = Files.createTempDirectory("dhii-describe-");
      launch = launch(manifest, scratch);
    } catch (IOException e) {
      warnings.add(file + ": " + where + ": could not run it: " + e.getMessage());
      return;
    }
    try {
      RuntimeOptions options = new RuntimeOptions();
      Map<String, String> env = new LinkedHashMap<>();
      ProcessWire.environment(env, manifest, manifest.config(), options.processSdkPath());
      env.putAll(launch.extraEnv());
      env.put("PYTHONDONTWRITEBYTECODE", "1");
      env.put("DHII_DESCRIBE", "1");
      Process process;
      try {
        // the environment and sandbox of a served process: never the caller's secrets
        process = new ProcessLauncher(options.process().sandbox(), options.process().sandboxUid(), null, parentEnv)
          .prepare(launch, manifest, env)
          .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()))
          .start();
      } catch (IOException | IllegalStateException e) {
        errors.add(file + ": " + where + ": cannot be started: " + e.getMessage());
        return;
      }
      if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        warnings.add(file + ": " + where + ": did not describe itself within " + TIMEOUT_MS + " ms (DHII_DESCRIBE=1); its"
          + " capabilities were not checked");
        return;
      }
      String stderr = tail(Files.readString(err, StandardCharsets.UTF_8));
      if (process.exitValue() != 0) {
        errors.add(file + ": " + where + ": exited with status " + process.exitValue() + " when asked to describe itself"
          + (stderr.isEmpty() ? "" : ": " + stderr));
        return;
      }
      compare(manifest, Files.readString(out, StandardCharsets.UTF_8), errors, warnings);
    } catch (IOException e) {
      warnings.add(file + ": " + where + ": could not read its description: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        PythonEnvironment.deleteTree(scratch);
      } catch (IOException ignored) {
        // temporary files
      }
    }
  }

  private static void compare(PluginManifest manifest, String stdout, List<String> errors, List<String> warnings) {
    Path file = manifest.file();
    String[] lines = stdout.strip().split("\\n");
    JsonObject description;
    try {
      description = new JsonObject(lines[lines.length - 1]);
    } catch (DecodeException | IndexOutOfBoundsException e) {
      warnings.add(file + ": /command: printed no description when run with DHII_DESCRIBE=1 (not a dhii_plugin SDK"
        + " plugin?); its capabilities were not checked");
      return;
    }
    JsonArray capabilities = description.getJsonArray("capabilities", new JsonArray());
    TreeSet<String> described = new TreeSet<>();
    for (Object item : capabilities) {
      if (!(item instanceof JsonObject c) || !(c.getValue("id") instanceof String id)) {
        errors.add(file + ": /command: describes a capability without an id: " + item);
        continue;
      }
      described.add(id);
      for (String key : List.of("inputSchema", "outputSchema")) {
        Object schema = c.getValue(key);
        if (schema != null && !(schema instanceof JsonObject)) {
          // the runtime reads an announced schema as an object and refuses the announcement otherwise
          errors.add(file + ": /command: the " + key + " of " + id + " is not a JSON object: " + schema);
        } else if (schema != null) {
          try {
            SchemaValidator.compile((JsonObject) schema);
          } catch (RuntimeException e) {
            errors.add(file + ": /command: the " + key + " of " + id + " does not compile: " + e.getMessage());
          }
        }
      }
    }
    CapabilityDiff diff = CapabilityDiff.of(manifest.capabilities(), described);
    if (manifest.compat().capabilitiesFromCode()) {
      if (!diff.none()) {
        // a Dhii-Mail manifest: the runtime serves what the code announces
        warnings.add(file + ": /capabilities: the code describes " + described + "; its Dhii-Mail manifest lists "
          + manifest.capabilities() + ": the runtime serves the code's");
      }
      return;
    }
    if (!diff.undeclared().isEmpty()) {
      errors.add(file + ": /capabilities: the process announces " + diff.undeclared() + ", which the manifest does not declare");
    }
    if (!diff.missing().isEmpty()) {
      warnings.add(file + ": /capabilities: " + diff.missing() + " declared but not described; the runtime fails the plugin"
        + " unless its load step adds them");
    }
  }

  /** What the runtime would start, with a throw-away data and working directory ({@code scratch}). */
  private static LaunchSpec launch(PluginManifest manifest, Path scratch) throws IOException {
    RuntimeOptions options = new RuntimeOptions();
    ProcessCommand commands = new ProcessCommand(new PythonEnvironment(options.process().python(), options.processVenvDirectory(),
      options.processPipArgs(System.getenv()), options.process().venvTimeoutMs()), scratch, options.processSdkPath())
      .node(new dev.dhii.runtime.process.NodeCommand(options.process().node(), options.processNodeSdkPath()));
    Path data = scratch.resolve("data");
    if (manifest.command().isEmpty()) {
      return commands.resolve(manifest, data, data);
    }
    // inside the data directory: the one directory a sandboxed process may write
    Path copy = data.resolve("plugin");
    copyTree(manifest.directory(), copy);
    return commands.resolve(manifest, data, copy);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(path)) {
          Files.copy(path, target);
        }
      }
    }
  }

  private static String tail(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= 400 ? trimmed : "..." + trimmed.substring(trimmed.length() - 400);
  }

  private static File devNull() {
    return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
