package dev.dhii.runtime.isolation;

import dev.dhii.runtime.isolation.impl.ForbiddenApiScannerImpl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Scans a JVM plugin's bytecode for calls it may only make with a permission granted in its manifest.
 *
 * <p>The rules, by permission:
 * <ul>
 *   <li>{@code exit}: {@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt};</li>
 *   <li>{@code exec}: {@code Runtime.exec}, any use of {@code ProcessBuilder},
 *   {@code ProcessHandle.destroy*};</li>
 *   <li>{@code unsafe}: any reference to {@code sun.misc.Unsafe} or {@code jdk.internal.misc.Unsafe};</li>
 *   <li>{@code reflection}: {@code setAccessible} and {@code trySetAccessible} on any reflective
 *   object;</li>
 *   <li>{@code threads}: creating a {@code Thread} (or a subclass of it in the scanned jars), a
 *   {@code ThreadGroup} or a {@code ForkJoinPool}, {@code Thread.ofPlatform/ofVirtual/startVirtualThread},
 *   the {@code Executors.new*} factories.</li>
 * </ul>
 * Calls through method references and lambdas ({@code invokedynamic}) count as calls. Every jar is
 * scanned, bundled libraries included. Calls made by reflection on names are not seen: this is hygiene,
 * not a security wall.
 *
 * <p>Scanning reads the jars with blocking I/O: run it off the event loop.
 */
public interface ForbiddenApiScanner {

  /** @return a scanner with the default rules */
  static ForbiddenApiScanner create() {
    return new ForbiddenApiScannerImpl();
  }

  /**
   * Scans the classes of the given jars; other entries are ignored.
   *
   * @param jars the plugin's jars
   * @param grantedPermissions the permissions of the plugin's manifest; their rules are skipped
   * @return the violations, sorted by class, method and call, each reported once per method
   * @throws IOException if a jar, or a class in it, cannot be read; the message names the jar
   */
  List<Violation> scan(List<Path> jars, Set<String> grantedPermissions) throws IOException;

  /**
   * A forbidden call found in a plugin's bytecode.
   *
   * @param className the calling class, dotted ({@code com.acme.Bad})
   * @param method the calling method, name and descriptor ({@code run()V})
   * @param forbiddenCall the forbidden member, owner dotted, then name and descriptor
   *     ({@code java.lang.System.exit(I)V}); a field is {@code owner.name:descriptor}, a bare type
   *     reference just the dotted class name
   * @param permission the manifest permission that would allow it ({@code exit})
   */
  record Violation(String className, String method, String forbiddenCall, String permission) {

    /** Checks that no component is {@code null}. */
    public Violation {
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(forbiddenCall, "forbiddenCall");
      Objects.requireNonNull(permission, "permission");
    }

    /**
     * @return a one-line description, e.g.
     *     {@code com.acme.Bad.run()V calls java.lang.System.exit(I)V (needs permission "exit")}
     */
    public String message() {
      String verb = forbiddenCall.indexOf('(') >= 0 ? "calls" : "uses";
      return className + "." + method + " " + verb + " " + forbiddenCall
          + " (needs permission \"" + permission + "\")";
    }
  }
}
