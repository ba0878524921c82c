package dev.dhii.runtime.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to start for one process plugin: decided from its manifest ({@code command}, or an
 * {@code entrypoint} served by the Python SDK) and handed to the launcher, which adds the runtime's
 * environment and, where it can, an operating-system sandbox.
 *
 * @param argv          the program and its arguments
 * @param workDir       the directory the process starts in
 * @param extraEnv      plugin-specific environment entries (never the runtime's secrets)
 * @param readOnlyPaths paths the process must be able to read (its code, the SDK, its interpreter)
 * @param dataDir       the one directory the process may write
 */
public record LaunchSpec(List<String> argv, Path workDir, Map<String, String> extraEnv, List<Path> readOnlyPaths,
                         Path dataDir) {

  /** Takes unmodifiable copies. */
  public LaunchSpec {
    argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
    Objects.requireNonNull(workDir, "workDir");
    extraEnv = Map.copyOf(extraEnv == null ? Map.of() : extraEnv);
    readOnlyPaths = List.copyOf(readOnlyPaths == null ? List.of() : readOnlyPaths);
    Objects.requireNonNull(dataDir, "dataDir");
  }
}
