package dev.dhii.runtime.isolation;

import dev.dhii.runtime.isolation.ForbiddenApiScanner.Violation;
import dev.dhii.runtime.testing.PluginJar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One class per forbidden call, all in one jar scanned once; each test looks at its class. */
class ForbiddenApiScannerTest {

  static final Set<String> ALL_PERMISSIONS = Set.of("exit", "exec", "unsafe", "reflection", "threads");

  @TempDir
  static Path dir;
  static Path badJar;
  static List<Violation> violations;

  @BeforeAll
  static void scanBadJar() throws IOException {
    badJar = PluginJar.builder()
        .source("com.acme.Exit", bad("Exit", "public void run() { System.exit(1); }"))
        .source("com.acme.Halt", bad("Halt", "public void run() { Runtime.getRuntime().halt(2); }"))
        .source("com.acme.Exec", bad("Exec",
            "public void run() throws Exception { Runtime.getRuntime().exec(\"ls\"); }"))
        .source("com.acme.Spawn", bad("Spawn",
            "public void run() throws Exception { new ProcessBuilder(\"ls\").start(); }"))
        .source("com.acme.Peek", bad("Peek",
            "public int offset() { return sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET; }"))
        .source("com.acme.Open", bad("Open",
            "public void open(java.lang.reflect.Field f) { f.setAccessible(true); }"))
        .source("com.acme.Fork", bad("Fork", "public void run() { new Thread(() -> {}).start(); }"))
        .source("com.acme.Worker", "package com.acme; public class Worker extends Thread {}")
        .source("com.acme.BusyWorker", "package com.acme; public class BusyWorker extends Worker {}")
        .source("com.acme.Hire", bad("Hire", "public void run() { new BusyWorker().start(); }"))
        .source("com.acme.Pool", bad("Pool",
            "public Object pool() { return java.util.concurrent.Executors.newFixedThreadPool(2); }"))
        .source("com.acme.ExitRef", bad("ExitRef",
            "public java.util.function.IntConsumer exiter() { return System::exit; }"))
        .resource("notes.txt", "not a class")
        .writeTo(dir.resolve("bad.jar"));
    violations = ForbiddenApiScanner.create().scan(List.of(badJar), Set.of());
  }

  static String bad(String simpleName, String body) {
    return "package com.acme; public class " + simpleName + " { " + body + " }";
  }

  static List<Violation> in(String simpleName) {
    return violations.stream().filter(v -> v.className().equals("com.acme." + simpleName)).toList();
  }

  static void assertFound(String simpleName, String method, String call, String permission) {
    List<Violation> found = in(simpleName);
    assertTrue(found.contains(new Violation("com.acme." + simpleName, method, call, permission)),
        () -> "expected " + call + " in " + found);
  }

  @Test
  void systemExitNeedsExit() {
    assertFound("Exit", "run()V", "java.lang.System.exit(I)V", "exit");
  }

  @Test
  void runtimeHaltNeedsExit() {
    assertFound("Halt", "run()V", "java.lang.Runtime.halt(I)V", "exit");
  }

  @Test
  void runtimeExecNeedsExec() {
    assertFound("Exec", "run()V", "java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process;", "exec");
  }

  @Test
  void anyUseOfProcessBuilderNeedsExec() {
    assertFound("Spawn", "run()V", "java.lang.ProcessBuilder.<init>([Ljava/lang/String;)V", "exec");
    assertFound("Spawn", "run()V", "java.lang.ProcessBuilder.start()Ljava/lang/Process;", "exec");
  }

  @Test
  void unsafeFieldAccessNeedsUnsafe() {
    assertFound("Peek", "offset()I", "sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET:I", "unsafe");
  }

  @Test
  void setAccessibleThroughFieldNeedsReflection() {
    assertFound("Open", "open(Ljava/lang/reflect/Field;)V", "java.lang.reflect.Field.setAccessible(Z)V",
        "reflection");
  }

  @Test
  void newThreadNeedsThreads() {
    assertEquals(List.of(new Violation("com.acme.Fork", "run()V",
        "java.lang.Thread.<init>(Ljava/lang/Runnable;)V", "threads")), in("Fork"));
  }

  @Test
  void creatingAPluginSubclassOfThreadNeedsThreadsButDeclaringOneDoesNot() {
    assertEquals(List.of(
        new Violation("com.acme.Hire", "run()V", "com.acme.BusyWorker.<init>()V", "threads")), in("Hire"));
    assertEquals(List.of(), in("Worker"));
    assertEquals(List.of(), in("BusyWorker"));
  }

  @Test
  void executorsFactoryNeedsThreads() {
    assertFound("Pool", "pool()Ljava/lang/Object;",
        "java.util.concurrent.Executors.newFixedThreadPool(I)Ljava/util/concurrent/ExecutorService;",
        "threads");
  }

  @Test
  void methodReferenceToSystemExitNeedsExit() {
    assertFound("ExitRef", "exiter()Ljava/util/function/IntConsumer;", "java.lang.System.exit(I)V", "exit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"exit", "exec", "unsafe", "reflection", "threads"})
  void grantedPermissionSkipsOnlyItsRule(String permission) throws IOException {
    List<Violation> granted = ForbiddenApiScanner.create().scan(List.of(badJar), Set.of(permission));
    assertTrue(violations.stream().anyMatch(v -> v.permission().equals(permission)));
    assertEquals(violations.stream().filter(v -> !v.permission().equals(permission)).toList(), granted);
  }

  @Test
  void allPermissionsGrantedMeansNoViolations() throws IOException {
    assertEquals(List.of(), ForbiddenApiScanner.create().scan(List.of(badJar), ALL_PERMISSIONS));
  }

  @Test
  void violationsAreSortedAndRepeatable() throws IOException {
    List<Violation> sorted = violations.stream()
        .sorted((a, b) -> (a.className() + ' ' + a.method() + ' ' + a.forbiddenCall())
            .compareTo(b.className() + ' ' + b.method() + ' ' + b.forbiddenCall()))
        .toList();
    assertEquals(sorted, violations);
    assertEquals(violations, ForbiddenApiScanner.create().scan(List.of(badJar), Set.of()));
  }

  @Test
  void messageNamesCallerCallAndPermission() {
    assertEquals("com.acme.Exit.run()V calls java.lang.System.exit(I)V (needs permission \"exit\")",
        in("Exit").get(0).message());
    assertEquals("com.acme.Peek.offset()I uses sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET:I"
        + " (needs permission \"unsafe\")", in("Peek").get(0).message());
  }

  @Test
  void everyRuleIsExercisedByTheBadJar() {
    assertEquals(ALL_PERMISSIONS, Set.copyOf(violations.stream().map(Violation::permission).toList()));
  }
}
