package dev.dhii.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dhii link [DIR]}: puts {@code dhii} on the PATH by a symlink {@code DIR/dhii} to the launcher (which resolves
 * its own location through links), replacing an older symlink; a regular file of that name is left alone.
 */
@Command(name = "link", description = "Symlink the launcher as DIR/dhii so that 'dhii' is on the PATH.")
final class LinkCommand implements Callable<Integer> {

  /** Set by the launcher: its own resolved path. */
  static final String LAUNCHER_PROPERTY = "dhii.launcher";

  @Spec
  CommandSpec spec;
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The directory (default: ~/.local/bin).")
  Path dir;

  /** The launcher to link to; null: the {@value #LAUNCHER_PROPERTY} property. */
  Path launcher;
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path target = launcher != null ? launcher
      : System.getProperty(LAUNCHER_PROPERTY) == null ? null : Path.of(System.getProperty(LAUNCHER_PROPERTY));
    if (target == null || !Files.isRegularFile(target)) {
      err.println("dhii link: the launcher is unknown; run this as ./dhii link from the repository");
      return CliConventions.FAILED;
    }
    Path bin = (dir != null ? dir : Path.of(System.getProperty("user.home"), ".local", "bin")).toAbsolutePath().normalize();
    Path link = bin.resolve("dhii");
    try {
      Files.createDirectories(bin);
      boolean replacing = Files.isSymbolicLink(link);
      if (!replacing && Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        err.println("dhii link: " + link + " exists and is not a symlink; remove it or choose another DIR");
        return CliConventions.FAILED;
      }
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, target.toAbsolutePath().normalize());
      out.println((replacing ? "Replaced " : "Linked ") + link + " -> " + target.toAbsolutePath().normalize());
    } catch (IOException | UnsupportedOperationException e) {
      err.println("dhii link: cannot link " + link + ": " + e.getMessage());
      return CliConventions.FAILED;
    }
    if (onPath(bin)) {
      out.println(bin + " is on your PATH: run 'dhii version'.");
    } else {
      out.println(bin + " is not on your PATH; add it, e.g. to ~/.bashrc or ~/.zshrc:");
      out.println("  export PATH=\"" + bin + ":$PATH\"");
    }
    return CliConventions.OK;
  }

  private boolean onPath(Path bin) {
    String path = env.getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator)).filter(p -> !p.isEmpty())
      .anyMatch(p -> Path.of(p).toAbsolutePath().normalize().equals(bin));
  }
}
