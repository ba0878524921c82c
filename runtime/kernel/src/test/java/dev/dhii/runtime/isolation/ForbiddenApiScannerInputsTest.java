package dev.dhii.runtime.isolation;

import dev.dhii.runtime.isolation.ForbiddenApiScanner.Violation;
import dev.dhii.runtime.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the scanner reads, and the less common shapes of forbidden calls. */
class ForbiddenApiScannerInputsTest {

  @TempDir
  Path dir;

  private final ForbiddenApiScanner scanner = ForbiddenApiScanner.create();

  private List<String> calls(Path... jars) throws IOException {
    return scanner.scan(List.of(jars), Set.of()).stream()
        .map(v -> v.className() + " " + v.forbiddenCall() + " " + v.permission())
        .toList();
  }

  @Test
  void cleanJarHasNoViolations() throws IOException {
    Path clean = PluginJar.builder()
        .source("com.acme.Clean", """
            package com.acme;
            import java.util.*;
            public class Clean {
              public List<String> names(Map<String, Integer> m) {
                List<String> out = new ArrayList<>(m.keySet());
                out.sort(Comparator.naturalOrder());
                Runnable r = () -> out.add(String.valueOf(Thread.currentThread().getName()));
                r.run();
                return out;
              }
            }""")
        .resource("META-INF/plugin.json", "{}")
        .resource("com/acme/readme.txt", "text")
        .writeTo(dir.resolve("clean.jar"));
    assertEquals(List.of(), scanner.scan(List.of(clean), Set.of()));
  }

  @Test
  void corruptJarFailsWithItsPath() throws IOException {
    Path corrupt = Files.writeString(dir.resolve("corrupt.jar"), "this is not a zip file");
    IOException e = assertThrows(IOException.class, () -> scanner.scan(List.of(corrupt), Set.of()));
    assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());
  }

  @Test
  void corruptClassFailsWithTheJarAndEntry() {
    Path jar = PluginJar.builder()
        .resource("com/acme/Broken.class", new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1})
        .writeTo(dir.resolve("broken.jar"));
    IOException e = assertThrows(IOException.class, () -> scanner.scan(List.of(jar), Set.of()));
    assertTrue(e.getMessage().contains(jar.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("com/acme/Broken.class"), e.getMessage());
  }

  @Test
  void missingJarFailsWithItsPath() {
    Path missing = dir.resolve("missing.jar");
    IOException e = assertThrows(IOException.class, () -> scanner.scan(List.of(missing), Set.of()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void threadSubclassInAnotherScannedJarCountsAsThreadCreation() throws IOException {
    Path lib = PluginJar.builder()
        .source("com.lib.Daemon", "package com.lib; public class Daemon extends Thread {}")
        .writeTo(dir.resolve("lib.jar"));
    Path plugin = PluginJar.builder()
        .source("com.acme.Tasks", """
            package com.acme;
            public class Tasks {
              public void anonymous() { new Thread() { public void run() {} }.start(); }
              public void fromLibrary() { new com.lib.Daemon() {}.start(); }
            }""")
        .classPath(lib)
        .writeTo(dir.resolve("plugin.jar"));
    assertEquals(List.of("com.acme.Tasks com.acme.Tasks$1.<init>(Lcom/acme/Tasks;)V threads",
        "com.acme.Tasks com.acme.Tasks$2.<init>(Lcom/acme/Tasks;)V threads"), calls(plugin, lib));
  }

  @Test
  void constructorReferencesGroupsPoolsAndOtherReflectiveOwnersAreCaught() throws IOException {
    Path plugin = PluginJar.builder()
        .source("com.acme.Misc", """
            package com.acme;
            import java.util.function.Function;
            public class Misc {
              public Function<Runnable, Thread> factory() { return Thread::new; }
              public Object group() { return new ThreadGroup("g"); }
              public Object pool() { return new java.util.concurrent.ForkJoinPool(); }
              public void open(java.lang.reflect.Method m) { m.trySetAccessible(); }
              public void destroy(ProcessHandle h) { h.destroyForcibly(); }
              public void quit() { Runtime.getRuntime().exit(0); }
            }""")
        .writeTo(dir.resolve("misc.jar"));
    List<String> calls = calls(plugin);
    for (String expected : List.of(
        "java.lang.Thread.<init>(Ljava/lang/Runnable;)V threads",
        "java.lang.ThreadGroup.<init>(Ljava/lang/String;)V threads",
        "java.util.concurrent.ForkJoinPool.<init>()V threads",
        "java.lang.reflect.Method.trySetAccessible()Z reflection",
        "java.lang.ProcessHandle.destroyForcibly()Z exec",
        "java.lang.Runtime.exit(I)V exit")) {
      assertTrue(calls.contains("com.acme.Misc " + expected), () -> expected + " not in " + calls);
    }
  }

  @Test
  void unsafeClassLiteralAndCastAreCaught() throws IOException {
    Path plugin = PluginJar.builder()
        .source("com.acme.Grab", """
            package com.acme;
            public class Grab {
              public Object grab() throws Exception {
                java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                return (sun.misc.Unsafe) f.get(null);
              }
            }""")
        .writeTo(dir.resolve("grab.jar"));
    List<Violation> found = scanner.scan(List.of(plugin), Set.of());
    assertEquals(List.of("sun.misc.Unsafe"),
        found.stream().map(Violation::forbiddenCall).distinct().toList());
    assertEquals("com.acme.Grab.grab()Ljava/lang/Object; uses sun.misc.Unsafe (needs permission \"unsafe\")",
        found.get(0).message());
  }
}
