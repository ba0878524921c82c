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
 * <p>
 * A plugin without {@code requirements.txt} may name Python packages otherwise (a Dhii-Mail manifest's
 * {@code dependencies} object, as pip requirements): when the base interpreter already has every one in
 * range, the plugin runs with it and no environment is made; otherwise an environment is made as above,
 * keyed by those requirements, with {@code pip install <requirement>...}.
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
    return location(pluginId, pluginDir, List.of());
  }

  /**
   * @param pluginId the plugin
   * @param pluginDir its code directory
   * @param packages pip requirements the plugin names without a requirements.txt (may be empty)
   * @return the environment's directory for the plugin's current requirements, or null when it needs none
   *     (no requirements, or only packages the base interpreter has)
   * @throws IOException if the requirements cannot be read
   */
  public Path location(String pluginId, Path pluginDir, List<String> packages) throws IOException {
    Path requirements = pluginDir.resolve(REQUIREMENTS);
    if (Files.isRegularFile(requirements)) {
      return root.resolve(pluginId + "-" + sha256(Files.readAllBytes(requirements)).substring(0, 12));
    }
    if (packages.isEmpty() || satisfied(packages)) {
      return null;
    }
    return root.resolve(pluginId + "-" + sha256(String.join("\n", packages).getBytes(StandardCharsets.UTF_8)).substring(0, 12));
  }

  /** Checks each requirement against what the base interpreter has installed (pip's own version rules). */
  private static final String SATISFIED = String.join("\n",
    "import sys",
    "from importlib import metadata",
    "try:",
    "    from packaging.requirements import Requirement",
    "except ImportError:",
    "    from pip._vendor.packaging.requirements import Requirement",
    "for spec in sys.argv[1:]:",
    "    r = Requirement(spec)",
    "    try:",
    "        version = metadata.version(r.name)",
    "    except metadata.PackageNotFoundError:",
    "        sys.exit(1)",
    "    if not r.specifier.contains(version, prereleases=True):",
    "        sys.exit(1)");

  private final Map<List<String>, Boolean> satisfiedCache = new ConcurrentHashMap<>();

  /** @return whether the base interpreter has every package in range (false when that cannot be told) */
  boolean satisfied(List<String> packages) {
    return satisfiedCache.computeIfAbsent(List.copyOf(packages), p -> {
      List<String> argv = new ArrayList<>(List.of(python, "-c", SATISFIED));
      argv.addAll(p);
      try {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(Math.min(timeoutMs, 30_000), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          return false;
        }
        return process.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
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
    return interpreter(pluginId, pluginDir, List.of());
  }

  /**
   * The interpreter to run the plugin with, making its environment first if it needs one.
   *
   * @param pluginId the plugin
   * @param pluginDir its code directory
   * @param packages pip requirements the plugin names without a requirements.txt (may be empty)
   * @return the environment's python, or the base interpreter when the plugin needs no environment
   * @throws IOException if the environment cannot be made (pip's last lines in the message), or in time
   */
  public String interpreter(String pluginId, Path pluginDir, List<String> packages) throws IOException {
    Path venv = location(pluginId, pluginDir, packages);
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
        mine.complete(create(pluginId, pluginDir, venv, packages));
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

  private Path create(String pluginId, Path pluginDir, Path venv, List<String> packages) throws IOException {
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
      boolean file = Files.isRegularFile(pluginDir.resolve(REQUIREMENTS));
      List<String> pip = new ArrayList<>(List.of(executable(temp).toString(), "-m", "pip", "install",
        "--disable-pip-version-check", "--no-input"));
      if (file) {
        pip.addAll(List.of("-r", pluginDir.resolve(REQUIREMENTS).toAbsolutePath().toString()));
      } else {
        pip.addAll(packages);
      }
      pip.addAll(pipArgs);
      run(pip, pluginDir, log, deadline, file ? "pip install -r " + REQUIREMENTS : "pip install " + String.join(" ", packages));
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
