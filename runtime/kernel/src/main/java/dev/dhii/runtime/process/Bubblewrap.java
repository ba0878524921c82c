package dev.dhii.runtime.process;

import dev.dhii.runtime.manifest.PluginManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox of a process plugin (DESIGN §11, "Sandbox"): the bubblewrap ({@code bwrap}) command line that
 * gives a process namespaces of its own, a read-only view of its code, the SDK, its interpreter and the
 * system's libraries, one writable data directory, a private {@code /tmp}, no network unless the manifest's
 * permissions grant {@value ProcessLauncher#NETWORK}, and optionally an unprivileged uid; and the checks
 * that decide whether bubblewrap works here.
 */
final class Bubblewrap {

  private static final Map<String, Boolean> WORKS = new ConcurrentHashMap<>();
  /** System files a sandbox sees (read-only, when they exist): libraries, certificates, time zones; never shadow. */
  private static final List<String> ETC = List.of("/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf",
    "/etc/ld.so.conf.d", "/etc/localtime", "/etc/ssl", "/etc/ca-certificates", "/etc/nsswitch.conf", "/etc/hosts",
    "/etc/mime.types", "/etc/python3", "/etc/pip.conf");
  private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  private final String bwrap;
  private final int uid;

  /**
   * @param bwrap the bubblewrap program
   * @param uid the uid (and gid) a sandboxed process runs as when the runtime is root
   */
  Bubblewrap(String bwrap, int uid) {
    this.bwrap = bwrap;
    this.uid = uid;
  }

  /** @return whether this bubblewrap can create namespaces here (checked once per program, then remembered) */
  static boolean works(String bwrap) {
    return WORKS.computeIfAbsent(bwrap, Bubblewrap::tryRun);
  }

  private static boolean tryRun(String bwrap) {
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
   * @param argv the program and its arguments (the program an absolute path when it was found)
   * @param interpreter the Python interpreter the program is, or null
   * @param socket the bridge's Unix domain socket (bound at {@value ProcessLauncher#SANDBOX_SOCKET}), or null
   * @param dropUid whether the process runs as the unprivileged uid (through {@code setpriv})
   * @param mapUid whether the uid is only mapped in a user namespace
   * @param pythonPath the process's {@code PYTHONPATH} (its entries bound read-only)
   * @return the command line that runs {@code argv} in the sandbox
   */
  List<String> argv(LaunchSpec spec, PluginManifest manifest, List<String> argv, Path interpreter,
                    String socket, boolean dropUid, boolean mapUid, String pythonPath) {
    List<String> w = new ArrayList<>(List.of(bwrap,
      "--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"));
    if (!manifest.permissions().contains(ProcessLauncher.NETWORK)) {
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
    // /etc itself open to the process's uid (bubblewrap makes it 0700): node reads /etc/ssl/openssl.cnf at start
    w.addAll(List.of("--perms", "0755", "--dir", "/etc"));
    for (String file : ETC) {
      w.addAll(List.of("--ro-bind-try", file, file));
    }
    if (manifest.permissions().contains(ProcessLauncher.NETWORK)) {
      w.addAll(List.of("--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"));
    }
    w.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"));
    Set<Path> readOnly = readOnly(spec, manifest, argv, interpreter, pythonPath);
    List<String> binds = new ArrayList<>();
    Set<Path> parents = new TreeSet<>();
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
      binds.addAll(List.of("--bind", socket, ProcessLauncher.SANDBOX_SOCKET));
      parents(Path.of(ProcessLauncher.SANDBOX_SOCKET), parents);
    }
    // the directories leading to what is bound: bubblewrap would make them 0700, closed to the process's uid
    for (Path parent : parents) {
      w.addAll(List.of("--perms", "0755", "--dir", parent.toString()));
    }
    w.addAll(binds);
    w.addAll(List.of("--chdir", spec.workDir().toString(), "--"));
    if (dropUid) {
      w.addAll(List.of(Executables.which("setpriv", "/usr/bin:/bin"), "--reuid=" + uid, "--regid=" + uid,
        "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"));
    }
    w.addAll(argv);
    return w;
  }

  /** What a sandboxed process reads: its code, the launch's paths, its interpreter, its PYTHONPATH, its program. */
  private static Set<Path> readOnly(LaunchSpec spec, PluginManifest manifest, List<String> argv, Path interpreter,
                                    String pythonPath) {
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
    return readOnly;
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
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      return perms.contains(PosixFilePermission.OTHERS_READ) && perms.contains(PosixFilePermission.OTHERS_EXECUTE);
    } catch (IOException | UnsupportedOperationException | NullPointerException e) {
      return false;
    }
  }

  /** @return whether the runtime runs as root */
  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
