package dev.dhii.runtime.isolation.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row of the forbidden API table: which references to {@code owner} need {@code permission}.
 *
 * @param permission the manifest permission that allows the reference
 * @param kind what kind of reference the rule matches
 * @param owner the class, as an internal name ({@code java/lang/System})
 * @param member for {@link Kind#CALL}, the method name, or a prefix ending with {@code *}
 *     ({@code new*}); {@code null} for the other kinds
 */
public record ApiRule(String permission, Kind kind, String owner, String member) {

  /** What a rule matches. */
  public enum Kind {
    /** A call of a method of the owner, also through a method handle. */
    CALL,
    /** Any reference to the owner: method, field, class literal, cast, array. */
    ANY_USE,
    /** Creating an instance of the owner, or of a subclass of it found in the scanned jars. */
    INSTANTIATION
  }

  private static final List<String> REFLECTIVE_OWNERS = List.of("java/lang/reflect/AccessibleObject",
      "java/lang/reflect/Field", "java/lang/reflect/Method", "java/lang/reflect/Constructor",
      "java/lang/reflect/Executable");

  /** The rules applied by {@link dev.dhii.runtime.isolation.ForbiddenApiScanner#create()}. */
  public static final List<ApiRule> DEFAULTS = defaults();

  /** Checks the row is complete. */
  public ApiRule {
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(owner, "owner");
    if ((kind == Kind.CALL) == (member == null)) {
      throw new IllegalArgumentException("a CALL rule, and only a CALL rule, names a member: " + owner);
    }
  }

  private static List<ApiRule> defaults() {
    List<ApiRule> rules = new ArrayList<>(List.of(
        call("exit", "java/lang/System", "exit"),
        call("exit", "java/lang/Runtime", "exit"),
        call("exit", "java/lang/Runtime", "halt"),

        call("exec", "java/lang/Runtime", "exec"),
        anyUse("exec", "java/lang/ProcessBuilder"),
        call("exec", "java/lang/ProcessHandle", "destroy*"),

        anyUse("unsafe", "sun/misc/Unsafe"),
        anyUse("unsafe", "jdk/internal/misc/Unsafe"),

        instantiation("threads", "java/lang/Thread"),
        instantiation("threads", "java/lang/ThreadGroup"),
        instantiation("threads", "java/util/concurrent/ForkJoinPool"),
        call("threads", "java/lang/Thread", "ofPlatform"),
        call("threads", "java/lang/Thread", "ofVirtual"),
        call("threads", "java/lang/Thread", "startVirtualThread"),
        call("threads", "java/util/concurrent/Executors", "new*"),

        // the runtime's environment and system properties hold its secrets and settings
        call("environment", "java/lang/System", "getenv"),
        call("system-properties", "java/lang/System", "getProperty"),
        call("system-properties", "java/lang/System", "getProperties"),
        call("system-properties", "java/lang/System", "setProperty"),
        call("system-properties", "java/lang/System", "setProperties"),
        call("system-properties", "java/lang/System", "clearProperty"),
        call("system-properties", "java/lang/Integer", "getInteger"),
        call("system-properties", "java/lang/Long", "getLong"),
        call("system-properties", "java/lang/Boolean", "getBoolean")));
    for (String owner : REFLECTIVE_OWNERS) {
      rules.add(call("reflection", owner, "setAccessible"));
      rules.add(call("reflection", owner, "trySetAccessible"));
    }
    return List.copyOf(rules);
  }

  /** @return a rule matching calls of {@code owner.member} */
  public static ApiRule call(String permission, String owner, String member) {
    return new ApiRule(permission, Kind.CALL, owner, member);
  }

  /** @return a rule matching any reference to {@code owner} */
  public static ApiRule anyUse(String permission, String owner) {
    return new ApiRule(permission, Kind.ANY_USE, owner, null);
  }

  /** @return a rule matching the creation of an {@code owner} or of a scanned subclass of it */
  public static ApiRule instantiation(String permission, String owner) {
    return new ApiRule(permission, Kind.INSTANTIATION, owner, null);
  }

  /** @return whether this rule names the method {@code name} (always false for non-CALL rules) */
  boolean matchesMember(String name) {
    if (member == null) {
      return false;
    }
    return member.endsWith("*") ? name.startsWith(member.substring(0, member.length() - 1))
        : member.equals(name);
  }
}
