package dev.dhii.runtime.process;

import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * What a process plugin needs from the runtime.
 *
 * @param bridgeHost the TCP bridge's host, as the process connects to it
 * @param bridgePort the TCP bridge's port, read when a process starts (not bound yet when the kernel is
 *                   built); 0 or less when the bridge is disabled
 * @param sdkPath the directory of the Python SDK, put first on the process's {@code PYTHONPATH}
 * @param readyTimeoutMs how long a process has to announce its capabilities
 * @param stopTimeoutMs how long each step of a stop (shutdown request, SIGTERM) may take before the next
 * @param concurrency how many calls the process may run at once (the plugin's {@code maxConcurrency})
 * @param maxMemoryMb resident memory above which the process is killed and started again; 0: no bound
 * @param launch what to start, resolved by {@link ProcessCommand} before the plugin loads; null: resolved
 *               from the manifest alone (a command, or an entrypoint with {@code python3} and no
 *               virtual environment), with the data directory a temporary one
 * @param launcher how the process is started (environment, sandbox, socket channel)
 * @param dataRoot the root of the plugins' data directories (each plugin writes {@code <dataRoot>/<id>})
 * @param recycleOverrunning overrunning calls (deadline passed, no reply) at which the process is replaced;
 *                           0: the process's concurrency
 */
public record ProcessSupport(String bridgeHost, IntSupplier bridgePort, Path sdkPath, long readyTimeoutMs,
                             long stopTimeoutMs, int concurrency, int maxMemoryMb, LaunchSpec launch,
                             ProcessLauncher launcher, Path dataRoot, int recycleOverrunning) {

  /** No resolved launch (see {@link #launch()}), the launcher's defaults, data under {@code data} of the working
   *  directory, recycling at the concurrency. */
  public ProcessSupport(String bridgeHost, IntSupplier bridgePort, Path sdkPath, long readyTimeoutMs,
                        long stopTimeoutMs, int concurrency, int maxMemoryMb) {
    this(bridgeHost, bridgePort, sdkPath, readyTimeoutMs, stopTimeoutMs, concurrency, maxMemoryMb, null,
      ProcessLauncher.defaults(), Path.of("data").toAbsolutePath(), 0);
  }

  /** @return the overrunning calls at which the process is recycled (at least 1) */
  public int recycleBound() {
    return recycleOverrunning > 0 ? recycleOverrunning : Math.max(1, concurrency);
  }
}
