package dev.dhii.runtime.isolation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The class loader of one JVM plugin.
 *
 * <p>A plugin sees three kinds of classes:
 * <ul>
 *   <li><b>the JDK</b> ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.},
 *   {@code org.w3c.}, {@code org.xml.}, {@code org.ietf.}), served by the platform class loader;</li>
 *   <li><b>the shared runtime libraries</b>: the plugin API {@code dev.dhii.api.}, vertx-core
 *   {@code io.vertx.core.} with its netty {@code io.netty.}, Jackson {@code com.fasterxml.jackson.} and
 *   SLF4J {@code org.slf4j.}, served by the runtime's loader;</li>
 *   <li><b>its own classes</b>, from its jars and defined by this loader, so two plugins may ship
 *   different versions of one library side by side.</li>
 * </ul>
 * The JDK and the shared libraries are looked up parent-first, so a plugin can never shadow
 * {@code java.lang.String}, {@code dev.dhii.api.Plugin} or {@code io.vertx.core.Future}: the types on
 * both sides of the boundary are the same {@link Class} objects. A class of those packages that the
 * runtime does not have (say a Jackson module the plugin bundles) is then taken from the plugin's jars,
 * except in {@code java.} and {@code dev.dhii.api.}, which a plugin may never define. Anything else,
 * the kernel's own {@code dev.dhii.runtime.} classes, {@code io.vertx.ext.} or logback included, is
 * invisible: loading it fails with a {@link ClassNotFoundException} naming the plugin.
 *
 * <p>Resources follow the same boundary: the plugin's jars first, then from the runtime only resources
 * under the paths of the JDK and shared packages, and {@code META-INF/services/} files named after a
 * type of those packages.
 *
 * <p>This is hygiene, not a security wall: untrusted code runs as a {@code process} plugin.
 */
public final class PluginClassLoader extends URLClassLoader {

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private static final List<String> JDK_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "org.ietf.");
  private static final List<String> SHARED_PACKAGES =
      List.of("dev.dhii.api.", "io.vertx.core.", "io.netty.", "com.fasterxml.jackson.", "org.slf4j.");
  private static final List<String> SEALED_PACKAGES = List.of("java.", "dev.dhii.api.");
  private static final String SERVICES = "META-INF/services/";

  private final String pluginId;
  private final ClassLoader runtimeLoader;
  // Not the runtime loader: its class path may hold non-JDK jars under javax. or com.sun. (mail,
  // inject), which the plugin must not see. JDK tool modules (jdk.compiler) stay out of reach too.
  private final ClassLoader jdkLoader = ClassLoader.getPlatformClassLoader();

  private PluginClassLoader(String pluginId, URL[] urls, ClassLoader runtimeLoader) {
    // The parent is the boot loader, not the runtime loader: getParent() must not hand the kernel out.
    super("plugin-" + pluginId, urls, null);
    this.pluginId = pluginId;
    this.runtimeLoader = runtimeLoader;
  }

  /**
   * Creates the class loader of a plugin.
   *
   * @param pluginId the plugin's id, used in the loader's name and in errors
   * @param jars the plugin's jars, in class path order
   * @param runtimeLoader the runtime's class loader, which provides the shared libraries
   * @return a new loader; {@link #close()} it when the plugin is unloaded
   */
  public static PluginClassLoader create(String pluginId, List<Path> jars, ClassLoader runtimeLoader) {
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(runtimeLoader, "runtimeLoader");
    URL[] urls = jars.stream().map(PluginClassLoader::toUrl).toArray(URL[]::new);
    return new PluginClassLoader(pluginId, urls, runtimeLoader);
  }

  /** @return the id of the plugin this loader belongs to */
  public String pluginId() {
    return pluginId;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = lookup(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private Class<?> lookup(String name) throws ClassNotFoundException {
    ClassLoader shared = sharedLoaderFor(name);
    if (shared != null) {
      try {
        return shared.loadClass(name);
      } catch (ClassNotFoundException e) {
        if (startsWithAny(name, SEALED_PACKAGES)) {
          throw notVisible(name, e);
        }
      }
    }
    try {
      return findClass(name);
    } catch (ClassNotFoundException e) {
      throw notVisible(name, e);
    }
  }

  private ClassNotFoundException notVisible(String name, ClassNotFoundException cause) {
    String reason;
    if (sharedLoaderFor(name) == null) {
      reason = "it is in none of its jars, and its package is not exported to plugins";
    } else if (startsWithAny(name, SEALED_PACKAGES)) {
      reason = "its package is reserved to the runtime, which does not provide it";
    } else {
      reason = "neither its jars nor the runtime provide it";
    }
    ClassNotFoundException e =
        new ClassNotFoundException(name + " is not visible to plugin '" + pluginId + "': " + reason);
    e.addSuppressed(cause);
    return e;
  }

  @Override
  public URL getResource(String name) {
    URL url = findResource(name);
    if (url == null) {
      ClassLoader shared = sharedResourceLoaderFor(name);
      url = shared == null ? null : shared.getResource(name);
    }
    return url;
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    Enumeration<URL> own = findResources(name);
    ClassLoader shared = sharedResourceLoaderFor(name);
    if (shared == null) {
      return own;
    }
    List<URL> all = Collections.list(own);
    all.addAll(Collections.list(shared.getResources(name)));
    return Collections.enumeration(all);
  }

  @Override
  public String toString() {
    return "PluginClassLoader[" + pluginId + "]";
  }

  /** The loader that serves a class name from outside the plugin, or {@code null} if none may. */
  private ClassLoader sharedLoaderFor(String className) {
    if (startsWithAny(className, JDK_PACKAGES)) {
      return jdkLoader;
    }
    return startsWithAny(className, SHARED_PACKAGES) ? runtimeLoader : null;
  }

  private ClassLoader sharedResourceLoaderFor(String name) {
    String path = name.startsWith("/") ? name.substring(1) : name;
    if (path.startsWith(SERVICES)) {
      return sharedLoaderFor(path.substring(SERVICES.length()));
    }
    return sharedLoaderFor(path.replace('/', '.'));
  }

  private static boolean startsWithAny(String name, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static URL toUrl(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException("Invalid plugin jar path " + jar, e);
    }
  }
}
