package dev.dhii.runtime.isolation.impl;

import dev.dhii.runtime.isolation.ForbiddenApiScanner;
import org.objectweb.asm.ClassReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads every class of the jars, then scans them against a table of {@link ApiRule}s. Two passes: the
 * first learns the superclasses, so that creating a plugin's own subclass of {@code Thread} counts.
 */
public final class ForbiddenApiScannerImpl implements ForbiddenApiScanner {

  private static final Comparator<Violation> ORDER = Comparator.comparing(Violation::className)
      .thenComparing(Violation::method)
      .thenComparing(Violation::forbiddenCall)
      .thenComparing(Violation::permission);

  /** The tag of a CONSTANT_Class entry (JVMS 4.4.1). */
  private static final int CONSTANT_CLASS = 7;

  private final List<ApiRule> rules;
  private final boolean everyClass;

  /** A scanner with {@link ApiRule#DEFAULTS}. */
  public ForbiddenApiScannerImpl() {
    this(ApiRule.DEFAULTS);
  }

  /** @param rules the table to scan against */
  public ForbiddenApiScannerImpl(List<ApiRule> rules) {
    this(rules, false);
  }

  /**
   * @param rules the table to scan against
   * @param everyClass visit every class, also those whose constant pool names no class a rule could match (the
   *     tests compare the two)
   */
  ForbiddenApiScannerImpl(List<ApiRule> rules, boolean everyClass) {
    this.rules = List.copyOf(rules);
    this.everyClass = everyClass;
  }

  @Override
  public List<Violation> scan(List<Path> jars, Set<String> grantedPermissions) throws IOException {
    Objects.requireNonNull(grantedPermissions, "grantedPermissions");
    List<ClassFile> classes = new ArrayList<>();
    for (Path jar : jars) {
      readClasses(jar, classes);
    }
    Map<String, String> superNames = new HashMap<>();
    for (ClassFile c : classes) {
      superNames.putIfAbsent(c.name(), c.superName());
    }
    List<ApiRule> active = rules.stream()
        .filter(rule -> !grantedPermissions.contains(rule.permission()))
        .toList();
    RuleMatcher matcher = new RuleMatcher(active, superNames);
    Set<Violation> found = new HashSet<>();
    for (ClassFile c : classes) {
      try {
        if (!everyClass && !mayMatch(c.reader(), matcher)) {
          continue;
        }
        c.reader().accept(new ClassScanner(matcher, found::add),
            ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      } catch (RuntimeException e) {
        throw c.unreadable(e);
      }
    }
    return found.stream().sorted(ORDER).toList();
  }

  /**
   * Whether a class names, in its constant pool, a class that a rule in force could match: every reference the
   * visit reports (a call, a field, a creation, a literal, a cast, a handle) goes through a CONSTANT_Class entry
   * of its owner, so a class without one cannot match and is not visited (most of a library's classes: the
   * visit is most of the scan's time).
   */
  static boolean mayMatch(ClassReader reader, RuleMatcher matcher) {
    char[] buffer = new char[reader.getMaxStringLength()];
    for (int i = 1; i < reader.getItemCount(); i++) {
      int offset = reader.getItem(i);
      // 0: the unused slot after a long or a double
      if (offset > 0 && reader.readByte(offset - 1) == CONSTANT_CLASS && matcher.relevant(reader.readUTF8(offset, buffer))) {
        return true;
      }
    }
    return false;
  }

  private static void readClasses(Path jar, List<ClassFile> into) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        String name = entry.getName();
        if (!entry.isDirectory() && name.endsWith(".class") && !name.endsWith("module-info.class")) {
          try (InputStream in = zip.getInputStream(entry)) {
            entries.put(name, in.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new IOException("Cannot read plugin jar " + jar + ": " + e.getMessage(), e);
    }
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      try {
        ClassReader reader = new ClassReader(entry.getValue());
        into.add(new ClassFile(jar, entry.getKey(), reader, reader.getClassName(), reader.getSuperName()));
      } catch (RuntimeException e) {
        throw unreadable(jar, entry.getKey(), e);
      }
    }
  }

  /** A class read from a jar, with where it came from for error messages. */
  private record ClassFile(Path jar, String entry, ClassReader reader, String name, String superName) {

    IOException unreadable(RuntimeException cause) {
      return ForbiddenApiScannerImpl.unreadable(jar, entry, cause);
    }
  }

  private static IOException unreadable(Path jar, String entry, RuntimeException cause) {
    return new IOException("Cannot read class " + entry + " in plugin jar " + jar + ": " + cause, cause);
  }
}
