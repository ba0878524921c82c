package dev.dhii.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii link}: a real symlink to the launcher, and the launcher run through it. */
class LinkCommandTest {

  /** The repository's launcher (tests run in runtime/kernel). */
  static final Path LAUNCHER = Path.of("../../dhii").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  record Result(int code, String out, String err) {
  }

  Result link(Map<String, String> env, String... args) {
    LinkCommand command = new LinkCommand();
    command.launcher = LAUNCHER;
    command.env = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CliConventions.apply(new CommandLine(command)).setOut(new PrintWriter(out, true))
      .setErr(new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs {@code program} (the launcher or a link to it) on this test's classes, without building. */
  static Result launch(Path program, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(program.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Files.createTempDirectory("dhii-cwd").toFile());
    builder.environment().put("DHII_SKIP_BUILD", "1");
    builder.environment().put("DHII_CLASSPATH", System.getProperty("java.class.path"));
    Process p = builder.start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(program + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
      new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void itLinksTheLauncherAndSaysWhetherTheDirectoryIsOnThePath() throws Exception {
    Path bin = dir.resolve("bin");
    Result first = link(Map.of("PATH", "/usr/bin:/bin"), bin.toString());
    assertEquals(0, first.code(), first.err());
    Path link = bin.resolve("dhii");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(LAUNCHER, Files.readSymbolicLink(link));
    assertTrue(first.out().startsWith("Linked " + link + " -> " + LAUNCHER), first.out());
    assertTrue(first.out().contains(bin + " is not on your PATH") && first.out().contains("export PATH=\"" + bin + ":$PATH\""),
      first.out());

    Result again = link(Map.of("PATH", "/usr/bin:" + bin), bin.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("Replaced " + link), again.out());
    assertTrue(again.out().contains(bin + " is on your PATH"), again.out());
  }

  @Test
  void aFileThatIsNotALinkIsLeftAlone() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.writeString(bin.resolve("dhii"), "mine");
    Result run = link(Map.of(), bin.toString());
    assertEquals(1, run.code());
    assertTrue(run.err().contains("is not a symlink"), run.err());
    assertEquals("mine", Files.readString(bin.resolve("dhii")));
  }

  @Test
  void theLauncherRunsThroughTheLinkAndLinksItsRealSelf() throws Exception {
    Path bin = dir.resolve("bin");
    assertEquals(0, link(Map.of(), bin.toString()).code());
    // a link to the link: the launcher follows both to find the repository
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.createSymbolicLink(other.resolve("dhii"), bin.resolve("dhii"));
    Result version = launch(other.resolve("dhii"), "version");
    assertEquals(0, version.code(), version.err());
    assertEquals("dhii " + Main.VERSION, version.out().trim());
    // the launcher tells `link` its resolved path, so the new link points at the launcher, not at a link
    Result relink = launch(other.resolve("dhii"), "link", dir.resolve("bin2").toString());
    assertEquals(0, relink.code(), relink.err());
    assertEquals(LAUNCHER, Files.readSymbolicLink(dir.resolve("bin2").resolve("dhii")));
  }
}
