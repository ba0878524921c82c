package dev.dhii.runtime.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Finding the programs a process plugin runs: a name on PATH, and the real interpreter behind {@code python3}. */
final class Executables {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
  private static final Map<String, Path> INTERPRETERS = new ConcurrentHashMap<>();
  private static final Pattern PYTHON = Pattern.compile("python[0-9.]*");

  private Executables() {
  }

  /**
   * A Python program name ({@code python3}) found on PATH is replaced by the interpreter it runs, as that
   * interpreter names itself ({@code sys.executable}: a pyenv shim is a script, a virtual environment's
   * python stays that environment's): the sandbox binds its prefix, and no shim needs its environment.
   *
   * @return the interpreter, or null when the program is no Python or is not found
   */
  static Path interpreter(String program, String path) {
    if (!PYTHON.matcher(Path.of(program).getFileName().toString()).matches()) {
      return null;
    }
    String found = program.contains("/") ? program : which(program, path);
    if (found == null) {
      return null;
    }
    return INTERPRETERS.computeIfAbsent(found, Executables::askExecutable);
  }

  private static Path askExecutable(String python) {
    try {
      Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty() && Files.isExecutable(Path.of(out))) {
        return Path.of(out).toAbsolutePath().normalize();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot ask {} for its executable: {}", python, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Path.of(python).toAbsolutePath().normalize();
  }

  /** @return the first executable file named {@code program} in the directories of {@code path}, or null */
  static String which(String program, String path) {
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, program);
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return candidate.toString();
        }
      }
    }
    return null;
  }
}
