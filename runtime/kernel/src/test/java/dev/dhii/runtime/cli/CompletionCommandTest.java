package dev.dhii.runtime.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii completion}: a bash script that a real bash accepts and that completes commands and options. */
class CompletionCommandTest {

  @TempDir
  static Path dir;
  static Path script;

  @BeforeAll
  static void write() throws IOException {
    Cli.Run run = Cli.run("completion");
    assertEquals(0, run.code(), run.err());
    assertEquals(run.out(), Cli.run("completion", "bash").out(), "bash is the default");
    script = Files.writeString(dir.resolve("dhii-completion.bash"), run.out());
  }

  /** @return what bash prints for {@code command} */
  static String bash(String... command) throws Exception {
    Process p = new ProcessBuilder(concat(command)).start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bash did not finish in 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + err);
    return out;
  }

  private static List<String> concat(String... command) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of("bash"), java.util.Arrays.stream(command)).toList();
  }

  /** @return the candidates the completion function offers for the command line {@code words} (the last one typed) */
  static List<String> complete(String... words) throws Exception {
    String line = String.join(" ", words);
    String quoted = String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
    String out = bash("-c", "source '" + script + "'; COMP_WORDS=(" + quoted + "); COMP_CWORD=" + (words.length - 1)
      + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_dhii 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
    return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void theScriptIsValidBash() throws Exception {
    bash("-n", script.toString());
    assertTrue(Files.readString(script).contains("complete -F _complete_dhii"), "registers itself for dhii");
  }

  @Test
  void itCompletesCommandsSubcommandsAndOptions() throws Exception {
    assertEquals(List.of("create"), complete("dhii", "plugin", "cr"));
    assertTrue(complete("dhii", "").containsAll(List.of("serve", "plugin", "bench", "completion", "link")), complete("dhii", "").toString());
    assertEquals(List.of("capabilities", "completion"), complete("dhii", "c"));
    assertEquals(List.of("--force"), complete("dhii", "plugin", "install", "--f"));
    assertTrue(complete("dhii", "bench", "--").contains("--concurrency"));
    assertEquals(List.of("java", "python", "node"), complete("dhii", "plugin", "create", "x", "--lang", ""));
  }
}
