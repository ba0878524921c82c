package dev.dhii.runtime.isolation.impl;

import dev.dhii.runtime.isolation.ForbiddenApiScanner.Violation;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scan that skips classes whose constant pool names no class a rule could match finds exactly what the scan
 * that visits every class finds, on real libraries full of the forbidden calls (threads, reflection, Unsafe,
 * system properties, exit).
 */
class ConstantPoolFilterTest {

  /** Libraries of the test class path, some thousands of classes. */
  private static List<Path> libraries() {
    List<Path> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
      .filter(p -> p.endsWith(".jar"))
      .filter(p -> {
        String name = Path.of(p).getFileName().toString();
        return name.matches("(netty-common|netty-buffer|vertx-core|logback-core|jackson-databind|picocli)-[0-9].*");
      })
      .map(Path::of)
      .toList();
    assertEquals(6, jars.size(), "the libraries on the test class path: " + jars);
    return jars;
  }

  @Test
  void skippingClassesChangesNoFinding() throws Exception {
    List<Path> jars = libraries();
    for (Set<String> granted : List.of(Set.<String>of(), Set.of("reflection", "threads", "environment", "system-properties"),
        Set.of("threads"), Set.of("exit", "exec", "unsafe", "reflection", "environment", "system-properties"))) {
      List<Violation> every = new ForbiddenApiScannerImpl(ApiRule.DEFAULTS, true).scan(jars, granted);
      List<Violation> filtered = new ForbiddenApiScannerImpl(ApiRule.DEFAULTS, false).scan(jars, granted);
      assertFalse(every.isEmpty(), granted.toString());
      assertEquals(every, filtered, "granted " + granted);
    }
  }

  @Test
  void aClassNamingNoOwnerIsSkippedAndOneNamingAnOwnerOrASubclassIsNot() throws Exception {
    RuleMatcher matcher = new RuleMatcher(ApiRule.DEFAULTS, java.util.Map.of("com/acme/Worker", "java/lang/Thread"));
    assertTrue(matcher.relevant("java/lang/System"));
    assertTrue(matcher.relevant("[[Ljava/lang/ProcessBuilder;"));
    assertTrue(matcher.relevant("com/acme/Worker"), "a scanned subclass of Thread");
    assertFalse(matcher.relevant("java/lang/String"));
    assertFalse(matcher.relevant("[I"));
    assertFalse(ForbiddenApiScannerImpl.mayMatch(new org.objectweb.asm.ClassReader("java.util.AbstractList"), matcher));
    assertTrue(ForbiddenApiScannerImpl.mayMatch(new org.objectweb.asm.ClassReader("java.util.concurrent.Executors"), matcher));
  }
}
