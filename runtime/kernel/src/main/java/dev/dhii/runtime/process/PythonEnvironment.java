package dev.dhii.runtime.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The virtual environment of a Python process plugin whose directory has a {@code requirements.txt}:
 * {@code <root>/<pluginId>-<first 12 hex digits of the file's SHA-256>}, made with
 * {@code <python> -m venv} and filled with the environment's own {@code pip install -r requirements.txt}
 * (pip's configuration applies: {@code /etc/pip.conf}, {@code PIP_*} variables, so a wheelhouse with
 * {@code find-links} works offline; extra arguments from {@code process.pipArgs} and {@code DHII_PIP_ARGS}).
 * The system Python is never written to.
 * <p>
 * An environment is built in a temporary directory beside its final place and renamed there when pip
 * succeeded, so a half-made one is never used; it is reused while the file's hash is unchanged.
 * Concurrent requests for the same environment (in this JVM) share one creation. Every step is bounded
 * by the deadline. Blocking: call it off the event loop.
 */
public final class PythonEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(PythonEnvironment.class);
  /** The file naming a plugin's Python dependencies. */
  public static final String REQUIREMENTS = "requirements.txt";
  private static final int TAIL_LINES = 12;
  private static final Map<Path, CompletableFuture<Path>> CREATING = new ConcurrentHashMap<>();

  private final String python;
  private final Path root;
  private final List<String> pipArgs;
  private final long timeoutMs;

  /**
   * @param python the interpreter the environments are made from ({@code process.python})
   * @param root the directory holding the environments
   * @param pipArgs extra arguments of {@code pip install}
   * @param timeoutMs how long making one environment may take, pip included
   */
  public PythonEnvironment(String python, Path root, List<String> pipArgs, long timeoutMs) {
    this.python = python;
    this.root = root.toAbsolutePath().normalize();
    this.pipArgs = List.copyOf(pipArgs);
    this.timeoutMs = timeoutMs;
  }

  /** @return the base interpreter, for plugins without requirements */
  public String python() {
    return python;
  }

  /**
   * @param pluginId the plugin
   * @param pluginDir its code directory
   * @return the environment's directory for the plugin's current requirements, or null when it has none
   * @throws IOException if the requirements cannot be read
   */
  public Path location(String pluginId, Path pluginDir) throws IOException {
    Path requirements = pluginDir.resolve(REQUIREMENTS);
    if (!Files.isRegularFile(requirements)) {
      return null;
    }
    return root.resolve(pluginId + "-" + sha256(Files.readAllBytes(requirements)).substring(0, 12));
  }

  /**
   * The interpreter to run the plugin with, making its environment first if it needs one.
   *
   * @param pluginId the plugin
   * @param pluginDir its code directory
   * @return the environment's python, or the base interpreter when the plugin has no requirements
   * @throws IOException if the environment cannot be made (pip's last lines in the message), or in time
   */
  public String interpreter(String pluginId, Path pluginDir) throws IOException {
    Path venv = location(pluginId, pluginDir);
    if (venv == null) {
      return python;
    }
    Path executable = executable(venv);
    if (Files.isRegularFile(venv.resolve(".dhii-complete"))) {
      return executable.toString();
    }
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> shared = CREATING.putIfAbsent(venv, mine);
    if (shared == null) {
      try {
        mine.complete(create(pluginId, pluginDir, venv));
      } catch (IOException | RuntimeException e) {
        mine.completeExceptionally(e);
      } finally {
        CREATING.remove(venv, mine);
      }
      shared = mine;
    }
    try {
      return executable(shared.get(timeoutMs, TimeUnit.MILLISECONDS)).toString();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the virtual environment of " + pluginId + " was not ready within " + timeoutMs + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the virtual environment of " + pluginId);
    }
  }

  private Path create(String pluginId, Path pluginDir, Path venv) throws IOException {
    if (Files.isRegularFile(venv.resolve(".dhii-complete"))) {
      return venv; // made meanwhile
    }
    long deadline = System.currentTimeMillis() + timeoutMs;
    Files.createDirectories(root);
    Path temp = Files.createTempDirectory(root, ".tmp-" + pluginId + "-");
    Path log = Files.createTempFile(root, ".pip-" + pluginId + "-", ".log");
    long started = System.currentTimeMillis();
    LOG.info("creating the virtual environment of plugin {} in {}", pluginId, venv);
    try {
      run(List.of(python, "-m", "venv", temp.toString()), pluginDir, log, deadline, "python -m venv");
      List<String> pip = new ArrayList<>(List.of(executable(temp).toString(), "-m", "pip", "install",
        "--disable-pip-version-check", "--no-input", "-r", pluginDir.resolve(REQUIREMENTS).toAbsolutePath().toString()));
      pip.addAll(pipArgs);
      run(pip, pluginDir, log, deadline, "pip install -r " + REQUIREMENTS);
      Files.writeString(temp.resolve(".dhii-complete"), pluginDir.toAbsolutePath() + "\n");
      try {
        Files.move(temp, venv, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        if (!Files.isRegularFile(venv.resolve(".dhii-complete"))) {
          deleteTree(venv); // an unfinished one left by a crash: never used
          Files.move(temp, venv, StandardCopyOption.ATOMIC_MOVE);
        } // else made by another runtime meanwhile: ours is deleted below
      }
      LOG.info("virtual environment of plugin {} ready in {} ms", pluginId, System.currentTimeMillis() - started);
      return venv;
    } finally {
      deleteTree(temp);
      Files.deleteIfExists(log);
    }
  }

  private static void run(List<String> argv, Path dir, Path log, long deadline, String what) throws IOException {
    Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
      .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    boolean ended;
    try {
      ended = process.waitFor(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(what + " was interrupted");
    }
    if (!ended) {
      process.destroyForcibly();
      throw new IOException(what + " did not finish in time: " + tail(log));
    }
    if (process.exitValue() != 0) {
      throw new IOException(what + " failed (status " + process.exitValue() + "): " + tail(log));
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())).strip();
  }

  /** @return the environment's python */
  static Path executable(Path venv) {
    return venv.resolve("bin").resolve("python");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param dir a directory, deleted with everything in it (nothing happens if it does not exist)
   * @throws IOException if something cannot be deleted
   */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
