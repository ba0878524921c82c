package dev.dhii.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * How process plugins are started, sandboxed and stopped, the {@code process} section of conf/runtime.json.
 * Paths are as written (relative ones resolve against the runtime's home, see {@link RuntimeOptions}).
 *
 * @param sdkPath the directory of the Python SDK process plugins import
 * @param readyTimeoutMs how long a process plugin has to connect and announce its capabilities
 * @param stopTimeoutMs how long each step of stopping a process may take (shutdown request, SIGTERM) before the next
 * @param python the interpreter of Python process plugins served from an entrypoint
 * @param venvDirectory where the plugins' virtual environments live; null: {@code <dataDirectory>/.venvs}
 * @param venvTimeoutMs the deadline of making one virtual environment, pip included
 * @param pipArgs extra arguments of {@code pip install}
 * @param sandbox {@code auto} (bubblewrap where it works), {@code off} or {@code required}
 * @param sandboxUid the uid and gid of sandboxed processes when the runtime is root
 * @param recycleOverrunning overrunning calls at which a process is replaced (0: its concurrency)
 * @param node the program of Node.js process plugins (an entrypoint ending .js, .cjs or .mjs)
 * @param nodeSdkPath the directory of the Node.js SDK, put on {@code NODE_PATH} so plugins {@code require('dhii-plugin')}
 */
public record ProcessOptions(String sdkPath, long readyTimeoutMs, long stopTimeoutMs, String python,
                             String venvDirectory, long venvTimeoutMs, List<String> pipArgs, String sandbox,
                             int sandboxUid, int recycleOverrunning,
                             // Node.js process plugins (runtime/sdk-node)
                             String node, String nodeSdkPath) {

  /** The Python SDK of the source tree, by default. */
  public static final String DEFAULT_SDK_PATH = "runtime/sdk-python";
  /** A process has 10 s by default to announce its capabilities. */
  public static final long DEFAULT_READY_TIMEOUT_MS = 10_000;
  /** Each stop step may take 5 s by default. */
  public static final long DEFAULT_STOP_TIMEOUT_MS = 5_000;
  /** The Python interpreter by default. */
  public static final String DEFAULT_PYTHON = "python3";
  /** Making a virtual environment may take 10 minutes by default. */
  public static final long DEFAULT_VENV_TIMEOUT_MS = 600_000;
  /** Bubblewrap where it works, by default. */
  public static final String DEFAULT_SANDBOX = "auto";
  /** The uid of sandboxed processes by default: nobody. */
  public static final int DEFAULT_SANDBOX_UID = 65534;
  /** By default a process is recycled when its concurrency's worth of calls overrun. */
  public static final int DEFAULT_RECYCLE_OVERRUNNING = 0;

  /** Node.js process plugins: the program, by default {@code node} on PATH. */
  public static final String DEFAULT_NODE = "node";
  /** Node.js process plugins: the SDK of the source tree, by default. */
  public static final String DEFAULT_NODE_SDK_PATH = "runtime/sdk-node";

  /** The defaults. */
  public static final ProcessOptions DEFAULTS = fromJson(new JsonObject());

  /** @param json the {@code process} section @return the options, defaults filled in */
  public static ProcessOptions fromJson(JsonObject json) {
    List<String> pipArgs = new ArrayList<>();
    json.getJsonArray("pipArgs", new JsonArray()).forEach(a -> pipArgs.add(String.valueOf(a)));
    return new ProcessOptions(json.getString("sdkPath", DEFAULT_SDK_PATH),
      json.getLong("readyTimeoutMs", DEFAULT_READY_TIMEOUT_MS), json.getLong("stopTimeoutMs", DEFAULT_STOP_TIMEOUT_MS),
      json.getString("python", DEFAULT_PYTHON), json.getString("venvDirectory"),
      json.getLong("venvTimeoutMs", DEFAULT_VENV_TIMEOUT_MS), List.copyOf(pipArgs),
      json.getString("sandbox", DEFAULT_SANDBOX), json.getInteger("sandboxUid", DEFAULT_SANDBOX_UID),
      json.getInteger("recycleOverrunning", DEFAULT_RECYCLE_OVERRUNNING),
      json.getString("node", DEFAULT_NODE), json.getString("nodeSdkPath", DEFAULT_NODE_SDK_PATH));
  }
}
