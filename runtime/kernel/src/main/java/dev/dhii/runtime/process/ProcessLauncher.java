package dev.dhii.runtime.process;

import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How a process plugin is started (DESIGN §11, "Sandbox"): with a minimal environment (an allow-list, the
 * protocol's {@code DHII_*} variables and the manifest's {@code env}; never the runtime's secrets nor its
 * environment wholesale) and, where bubblewrap works, in namespaces of its own: a read-only view of its
 * code, the SDK, its interpreter and the system's libraries, one writable data directory, a private
 * {@code /tmp}, no network unless the manifest's permissions grant {@value #NETWORK}, and, when the runtime
 * is root, an unprivileged uid. Its channel to the runtime is then the bridge's Unix domain socket,
 * bound into the sandbox at {@value #SANDBOX_SOCKET}.
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
  private static final Map<String, Boolean> WORKS = new ConcurrentHashMap<>();
  private static final Map<String, Path> INTERPRETERS = new ConcurrentHashMap<>();
  private static final Pattern PYTHON = Pattern.compile("python[0-9.]*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Variables a process gets from the runtime's environment, when the runtime has them. */
  private static final Set<String> ALLOWED = Set.of("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONHASHSEED", "PYENV_ROOT", "PYENV_VERSION");
  /** The protocol's {@code DHII_*} variables (the wire protocol in runtime/sdk-python/README.md); no other reaches a process. */
  public static final Set<String> PROTOCOL = Set.of("DHII_PLUGIN_ID", "DHII_PLUGIN_CONFIG", "DHII_PLUGIN_DIR",
    "DHII_PLUGIN_DATA", "DHII_PLUGIN_TOKEN", "DHII_PLUGIN_CALLS", "DHII_PLUGIN_ANNOUNCE", "DHII_PLUGIN_CONCURRENCY",
    "DHII_BRIDGE_HOST", "DHII_BRIDGE_PORT", "DHII_BRIDGE_SOCKET", "DHII_MAX_FRAME_BYTES", "DHII_DESCRIBE");
  /** System files a sandbox sees (read-only, when they exist): libraries, certificates, time zones; never shadow. */
  private static final List<String> ETC = List.of("/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf",
    "/etc/ld.so.conf.d", "/etc/localtime", "/etc/ssl", "/etc/ca-certificates", "/etc/nsswitch.conf", "/etc/hosts",
    "/etc/mime.types", "/etc/python3", "/etc/pip.conf");
  private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

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
   * which interpreter {@code python3} on PATH runs (a pyenv shim takes a second to answer).
   *
   * @param mode {@code process.sandbox}
   */
  public static void warmUp(String mode) {
    ProcessLauncher launcher = new ProcessLauncher(mode, 65534, null, System.getenv());
    try {
      launcher.isolation();
    } catch (IllegalStateException e) {
      // required and missing: each process plugin fails to load with this reason
    }
    interpreter("python3", launcher.parentEnv.getOrDefault("PATH", "/usr/bin:/bin"));
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
    String bwrap = which("bwrap", parentEnv.getOrDefault("PATH", "/usr/bin:/bin"));
    if (bwrap != null && WORKS.computeIfAbsent(bwrap, ProcessLauncher::works)) {
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

  private static boolean works(String bwrap) {
    try {
      Process p = new ProcessBuilder(bwrap, "--ro-bind", "/", "/", "--unshare-pid", "--unshare-net",
        "--die-with-parent", "true").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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
    boolean root = sandboxed && isRoot();
    // a real unprivileged uid needs code it may read; else the uid is only mapped in a user namespace
    boolean dropUid = root && which("setpriv", "/usr/bin:/bin") != null && readableByOthers(manifest.directory())
      && readableByOthers(Path.of(protocolEnv.getOrDefault("PYTHONPATH", "/").split(":")[0]));
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
    Path interpreter = interpreter(argv.get(0), env.get("PATH"));
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
      argv = wrap(spec, manifest, argv, interpreter, socket, dropUid, root && !dropUid, env.getOrDefault("PYTHONPATH", ""));
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
    Map<String, String> env = new LinkedHashMap<>();
    parentEnv.forEach((k, v) -> {
      if (ALLOWED.contains(k) || k.startsWith("LC_")) {
        env.put(k, v);
      }
    });
    env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", spec.dataDir().toString());
    env.put("TMPDIR", tmpDir);
    declared(manifest).forEach(env::put);
    spec.extraEnv().forEach((k, v) -> {
      if (!k.startsWith("DHII_") || PROTOCOL.contains(k)) {
        env.put(k, v);
      }
    });
    protocolEnv.forEach((k, v) -> {
      if (PROTOCOL.contains(k) || !k.startsWith("DHII_")) {
        env.put(k, v);
      }
    });
    return env;
  }

  /**
   * @param manifest a plugin's manifest
   * @return its {@code "env": {"NAME": "value"}} entries; names starting with {@code DHII_} are refused
   */
  public static Map<String, String> declared(PluginManifest manifest) {
    Map<String, String> declared = new LinkedHashMap<>();
    if (manifest.file() == null || !Files.isRegularFile(manifest.file())) {
      return declared;
    }
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(manifest.file(), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return declared;
    }
    JsonObject env = json.getValue("env") instanceof JsonObject o ? o : new JsonObject();
    env.forEach(e -> {
      if (NAME.matcher(e.getKey()).matches() && !e.getKey().startsWith("DHII_") && e.getValue() instanceof String v) {
        declared.put(e.getKey(), v);
      } else {
        LOG.warn("plugin {}: env entry {} ignored (a name without the DHII_ prefix, a string value)", manifest.id(), e.getKey());
      }
    });
    return declared;
  }

  private List<String> wrap(LaunchSpec spec, PluginManifest manifest, List<String> argv, Path interpreter,
                            String socket, boolean dropUid, boolean mapUid, String pythonPath) {
    List<String> w = new ArrayList<>(List.of(which("bwrap", parentEnv.getOrDefault("PATH", "/usr/bin:/bin")),
      "--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"));
    if (!manifest.permissions().contains(NETWORK)) {
      w.add("--unshare-net");
    }
    if (mapUid) {
      w.addAll(List.of("--unshare-user", "--uid", Integer.toString(uid), "--gid", Integer.toString(uid)));
    }
    for (String dir : SYSTEM) {
      Path p = Path.of(dir);
      if (Files.isSymbolicLink(p)) {
        try {
          w.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
        } catch (IOException e) {
          // unreadable link: left out
        }
      } else if (Files.isDirectory(p)) {
        w.addAll(List.of("--ro-bind", dir, dir));
      }
    }
    for (String file : ETC) {
      w.addAll(List.of("--ro-bind-try", file, file));
    }
    if (manifest.permissions().contains(NETWORK)) {
      w.addAll(List.of("--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"));
    }
    w.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"));
    Set<Path> readOnly = new LinkedHashSet<>();
    if (manifest.directory() != null) {
      readOnly.add(manifest.directory());
    }
    readOnly.addAll(spec.readOnlyPaths());
    if (interpreter != null) {
      // the interpreter's prefix (its bin and lib), and, for a virtual environment's, its base installation's
      readOnly.add(prefix(interpreter));
      try {
        readOnly.add(prefix(interpreter.toRealPath()));
      } catch (IOException e) {
        // not there: the start fails with the program's own error
      }
    }
    for (String entry : pythonPath.split(":")) {
      if (!entry.isEmpty()) {
        readOnly.add(Path.of(entry));
      }
    }
    Path program = Path.of(argv.get(0));
    if (program.isAbsolute() && program.getParent() != null && !program.startsWith("/usr")) {
      readOnly.add(program.getParent());
    }
    List<String> binds = new ArrayList<>();
    Set<Path> parents = new java.util.TreeSet<>();
    for (Path p : readOnly) {
      Path abs = p.toAbsolutePath().normalize();
      if (!abs.startsWith(spec.dataDir()) && !isSystem(abs) && Files.exists(abs)) {
        binds.addAll(List.of("--ro-bind", abs.toString(), abs.toString()));
        parents(abs, parents);
      }
    }
    binds.addAll(List.of("--bind", spec.dataDir().toString(), spec.dataDir().toString()));
    parents(spec.dataDir(), parents);
    if (socket != null) {
      binds.addAll(List.of("--bind", socket, SANDBOX_SOCKET));
      parents(Path.of(SANDBOX_SOCKET), parents);
    }
    // the directories leading to what is bound: bubblewrap would make them 0700, closed to the process's uid
    for (Path parent : parents) {
      w.addAll(List.of("--perms", "0755", "--dir", parent.toString()));
    }
    w.addAll(binds);
    w.addAll(List.of("--chdir", spec.workDir().toString(), "--"));
    if (dropUid) {
      w.addAll(List.of(which("setpriv", "/usr/bin:/bin"), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
        "--inh-caps=-all", "--bounding-set=-all"));
    }
    w.addAll(argv);
    return w;
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

  private static Path prefix(Path interpreter) {
    Path bin = interpreter.toAbsolutePath().getParent();
    return bin != null && bin.getParent() != null ? bin.getParent() : interpreter;
  }

  private static void parents(Path path, Set<Path> into) {
    for (Path p = path.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
      if (!isSystem(p) && !p.toString().equals("/tmp")) {
        into.add(p);
      }
    }
  }

  private static boolean isSystem(Path p) {
    for (String dir : SYSTEM) {
      if (p.startsWith(dir)) {
        return true;
      }
    }
    return false;
  }

  /** @return whether a directory's permissions let any user read and enter it */
  static boolean readableByOthers(Path dir) {
    try {
      Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      return perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
        && perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
    } catch (IOException | UnsupportedOperationException | NullPointerException e) {
      return false;
    }
  }

  private void chown(Path dir) throws IOException {
    Files.setAttribute(dir, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dir, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A Python program name ({@code python3}) found on PATH is replaced by the interpreter it runs, as that
   * interpreter names itself ({@code sys.executable}: a pyenv shim is a script, a virtual environment's
   * python stays that environment's): the sandbox binds its prefix, and no shim needs its environment.
   */
  private static Path interpreter(String program, String path) {
    if (!PYTHON.matcher(Path.of(program).getFileName().toString()).matches()) {
      return null;
    }
    String found = program.contains("/") ? program : which(program, path);
    if (found == null) {
      return null;
    }
    return INTERPRETERS.computeIfAbsent(found, ProcessLauncher::askExecutable);
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

  private static String which(String program, String path) {
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
