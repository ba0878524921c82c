package dev.dhii.runtime.process;

import dev.dhii.runtime.manifest.PluginManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * How a process plugin is started (DESIGN §11, "Sandbox"): with a minimal environment (an allow-list, the
 * protocol's {@code DHII_*} variables and the manifest's {@code env}; never the runtime's secrets nor its
 * environment wholesale) and, where bubblewrap works, in namespaces of its own: a read-only view of its
 * code, the SDK, its interpreter and the system's libraries, one writable data directory, a private
 * {@code /tmp}, no network unless the manifest's permissions grant {@value #NETWORK}, and, when the runtime
 * is root, an unprivileged uid. Its channel to the runtime is then the bridge's Unix domain socket,
 * bound into the sandbox at {@value #SANDBOX_SOCKET}.
 * <p>
 * The environment is built by {@link ProcessEnvironment}, the bubblewrap command line by {@link Bubblewrap},
 * programs are found by {@link Executables}; this class decides the isolation and puts them together.
 */
public final class ProcessLauncher {

  /** The manifest permission that gives a sandboxed process the host's network (all of it, loopback included). */
  public static final String NETWORK = "network";
  /** Where a sandboxed process finds the bridge's socket. */
  public static final String SANDBOX_SOCKET = "/run/dhii/bridge.sock";
  /** Isolation levels, as {@code /v1/plugins} lists them. */
  public static final String NAMESPACES = "namespaces";
  /** Without bubblewrap: an ordinary child process with a minimal environment. */
  public static final String PROCESS = "process";

  private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();
  /** The protocol's {@code DHII_*} variables (the wire protocol in runtime/sdk-python/README.md); no other reaches a process. */
  public static final Set<String> PROTOCOL = ProcessEnvironment.PROTOCOL;

  private final String mode;
  private final int uid;
  private final Supplier<String> bridgeSocket;
  private final Map<String, String> parentEnv;
  private volatile int maxFrameBytes;

  /**
   * @param mode {@code auto} (bubblewrap where it works), {@code off} or {@code required}
   * @param uid the uid (and gid) a sandboxed process runs as when the runtime is root
   * @param bridgeSocket the bridge's Unix domain socket, or null when it has none
   * @param parentEnv the runtime's environment (only allow-listed names are read)
   */
  public ProcessLauncher(String mode, int uid, Supplier<String> bridgeSocket, Map<String, String> parentEnv) {
    if (!Set.of("auto", "off", "required").contains(mode)) {
      throw new IllegalArgumentException("process.sandbox must be auto, off or required: " + mode);
    }
    this.mode = mode;
    this.uid = uid;
    this.bridgeSocket = bridgeSocket == null ? () -> null : bridgeSocket;
    this.parentEnv = Map.copyOf(parentEnv);
  }

  /**
   * @param maxFrameBytes the bridge's frame limit, given to processes as {@code DHII_MAX_FRAME_BYTES} (the
   *                      SDK keeps its replies under it); 0 or less: not given
   * @return this
   */
  public ProcessLauncher maxFrameBytes(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
    return this;
  }

  /** @return a launcher with the defaults: {@code auto}, uid 65534, no socket, the runtime's environment */
  public static ProcessLauncher defaults() {
    return new ProcessLauncher("auto", 65534, null, System.getenv());
  }

  /**
   * Does the slow checks once, before any plugin's start deadline runs: whether bubblewrap works here, and
   * which interpreter {@code python3} on PATH runs (a pyenv shim takes a second to answer). The answers are
   * kept for the life of the JVM; the kernel calls this before it starts its first process plugin, so a runtime
   * without process plugins never pays for it.
   */
  public void warmUp() {
    try {
      isolation();
    } catch (IllegalStateException e) {
      // required and missing: each process plugin fails to load with this reason
    }
    Executables.interpreter("python3", parentEnv.getOrDefault("PATH", "/usr/bin:/bin"));
  }

  /** @return the bridge's Unix domain socket, or null */
  public String bridgeSocket() {
    return bridgeSocket.get();
  }

  /**
   * @return {@value #NAMESPACES} when processes run under bubblewrap, else {@value #PROCESS}; the first
   *         answer of {@value #PROCESS} in {@code auto} mode logs one warning
   * @throws IllegalStateException in {@code required} mode without a working bubblewrap
   */
  public String isolation() {
    if (mode.equals("off")) {
      return PROCESS;
    }
    String bwrap = bwrap();
    if (bwrap != null && Bubblewrap.works(bwrap)) {
      return NAMESPACES;
    }
    if (mode.equals("required")) {
      throw new IllegalStateException("process.sandbox is required but bubblewrap (bwrap) is not installed or cannot"
        + " create namespaces here");
    }
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("bubblewrap (bwrap) is not installed or cannot create namespaces: process plugins run as ordinary"
        + " processes with a minimal environment, not sandboxed (apt-get install bubblewrap)");
    }
    return PROCESS;
  }

  /**
   * Starts a process.
   *
   * @param spec what to run
   * @param manifest its plugin's manifest ({@code permissions}, {@code env})
   * @param protocolEnv the protocol's {@code DHII_*} variables for this process (others are dropped)
   * @return the started process (stdout and stderr inherited)
   * @throws IOException if it cannot be started
   */
  public Process start(LaunchSpec spec, PluginManifest manifest, Map<String, String> protocolEnv) throws IOException {
    // stderr is piped so that the plugin can show why a process ended (StderrTail passes every line on)
    return prepare(spec, manifest, protocolEnv).redirectError(ProcessBuilder.Redirect.PIPE).start();
  }

  /**
   * What {@link #start} starts, not yet started: the same environment and sandbox, stdout and stderr
   * inherited (a caller may redirect them, as {@code dhii plugin validate} does for a plugin's description).
   *
   * @param spec what to run
   * @param manifest its plugin's manifest ({@code permissions}, {@code env})
   * @param protocolEnv the protocol's {@code DHII_*} variables for this process (others are dropped)
   * @return the process builder, its environment the process's whole environment
   * @throws IOException if its data directory cannot be made ready
   * @throws IllegalStateException in {@code required} mode without a working bubblewrap
   */
  public ProcessBuilder prepare(LaunchSpec spec, PluginManifest manifest, Map<String, String> protocolEnv) throws IOException {
    String isolation = isolation();
    Files.createDirectories(spec.dataDir());
    Path tmp = spec.dataDir().resolve(".tmp");
    Files.createDirectories(tmp);
    boolean sandboxed = isolation.equals(NAMESPACES);
    boolean root = sandboxed && Bubblewrap.isRoot();
    // a real unprivileged uid needs code it may read; else the uid is only mapped in a user namespace
    boolean dropUid = root && Executables.which("setpriv", "/usr/bin:/bin") != null
      && Bubblewrap.readableByOthers(manifest.directory())
      && Bubblewrap.readableByOthers(Path.of(protocolEnv.getOrDefault("PYTHONPATH", "/").split(":")[0]));
    if (dropUid) {
      // the whole data directory: files an earlier, unsandboxed run left there as root stay writable
      try (java.util.stream.Stream<Path> files = Files.walk(spec.dataDir())) {
        for (Path file : files.toList()) {
          chown(file);
        }
      }
    }
    Map<String, String> env = environment(spec, manifest, protocolEnv, sandboxed ? "/tmp" : tmp.toString());
    List<String> argv = new ArrayList<>(spec.argv());
    Path interpreter = Executables.interpreter(argv.get(0), env.get("PATH"));
    if (interpreter != null) {
      argv.set(0, interpreter.toString());
    }
    if (maxFrameBytes > 0) {
      env.putIfAbsent("DHII_MAX_FRAME_BYTES", Integer.toString(maxFrameBytes));
    }
    String socket = bridgeSocket.get();
    if (socket != null) {
      env.put("DHII_BRIDGE_SOCKET", sandboxed ? SANDBOX_SOCKET : socket);
    }
    if (sandboxed) {
      if (interpreter != null) {
        env.put("PATH", interpreter.getParent() + ":/usr/local/bin:/usr/bin:/bin");
      }
      argv = new Bubblewrap(bwrap(), uid).argv(spec, manifest, argv, interpreter, socket, dropUid, root && !dropUid,
        env.getOrDefault("PYTHONPATH", ""));
    }
    ProcessBuilder builder = new ProcessBuilder(argv).directory(spec.workDir().toFile())
      .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder;
  }

  /**
   * The whole environment of a process: allow-listed variables of the runtime's, {@code HOME} (its data
   * directory), {@code TMPDIR}, the manifest's {@code env} (no {@code DHII_*} name), the launch's extra
   * entries, then the protocol's {@code DHII_*} variables.
   */
  public Map<String, String> environment(LaunchSpec spec, PluginManifest manifest, Map<String, String> protocolEnv,
                                         String tmpDir) {
    return ProcessEnvironment.of(parentEnv, spec, manifest, protocolEnv, tmpDir);
  }

  /**
   * @param manifest a plugin's manifest
   * @return its {@code "env": {"NAME": "value"}} entries; names starting with {@code DHII_} are refused
   */
  public static Map<String, String> declared(PluginManifest manifest) {
    return ProcessEnvironment.declared(manifest);
  }

  /**
   * @param started a process the launcher started
   * @return the plugin's program: the deepest of its descendants under bubblewrap, else itself
   */
  public static ProcessHandle program(ProcessHandle started) {
    ProcessHandle deepest = started;
    for (ProcessHandle child = started; child != null; ) {
      deepest = child;
      child = child.children().findFirst().orElse(null);
    }
    return deepest;
  }

  private void chown(Path dir) throws IOException {
    Files.setAttribute(dir, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dir, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
  }

  private String bwrap() {
    return Executables.which("bwrap", parentEnv.getOrDefault("PATH", "/usr/bin:/bin"));
  }
}
