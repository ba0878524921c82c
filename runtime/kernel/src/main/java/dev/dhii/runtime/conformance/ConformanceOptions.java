package dev.dhii.runtime.conformance;

import java.nio.file.Path;

/**
 * What {@code dhii plugin test} runs.
 *
 * @param pluginDir the plugin's directory (its manifest.json inside)
 * @param cases at most this many valid and this many invalid inputs per capability
 * @param seed the seed of every random choice (the same seed gives the same inputs)
 * @param timeoutMs the deadline of each call; no answer by then is a hang
 * @param conf a configuration file read over the defaults (the runtime's address, folders and bridges are the
 *             run's own whatever it says), or null
 * @param bundled the bundled manifests' folder, where the plugins the plugin imports are looked up
 */
public record ConformanceOptions(Path pluginDir, int cases, long seed, long timeoutMs, Path conf, Path bundled) {

  /** The default of {@code --cases}. */
  public static final int DEFAULT_CASES = 25;
  /** The default of {@code --seed}. */
  public static final long DEFAULT_SEED = 1;
  /** The default of {@code --timeout-ms}. */
  public static final long DEFAULT_TIMEOUT_MS = 5000;

  /** Checks the bounds. */
  public ConformanceOptions {
    if (cases < 1) {
      throw new IllegalArgumentException("--cases must be at least 1, got " + cases);
    }
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("--timeout-ms must be at least 1, got " + timeoutMs);
    }
  }
}
