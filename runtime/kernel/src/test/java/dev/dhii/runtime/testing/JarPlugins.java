package dev.dhii.runtime.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Builds real jar plugins for tests: a plugin {@code <id>} with one capability {@code <id>.hello}
 * that answers its name, its version, what its library says, whether it can see a kernel class, and
 * its thread's context class loader.
 */
public final class JarPlugins {

  private JarPlugins() {
  }

  /**
   * @param id plugin id
   * @param version the version the capability reports
   * @param libraryCall a Java expression for the {@code library} field (e.g. {@code com.lib.Version.get()})
   * @param extraBody extra Java code run by the handler before it answers (e.g. a forbidden call)
   * @return the plugin's source
   */
  public static String source(String id, String version, String libraryCall, String extraBody) {
    String pkg = "com.acme." + id.replace("-", "");
    return """
      package %s;
      import dev.dhii.api.*;
      import io.vertx.core.Future;
      import java.util.List;
      public final class Main implements Plugin {
        public record Hello(String name) {}
        public record Greeting(String text, String version, String library, String kernel, String loader) {}
        public List<Capability<?, ?>> capabilities() {
          return List.of(Capability.builder("%s.hello", Hello.class, Greeting.class)
            .requiresAuth(false).rateLimitPerMinute(0).idempotent(true)
            .handler((in, ctx) -> { %s return Future.succeededFuture(new Greeting("hello " + in.name(), "%s", %s, kernel(),
              String.valueOf(Thread.currentThread().getContextClassLoader()))); })
            .build());
        }
        static String kernel() {
          try {
            Class.forName("dev.dhii.runtime.kernel.KernelVerticle");
            return "visible";
          } catch (ClassNotFoundException e) {
            return "hidden";
          }
        }
      }
      """.formatted(pkg, id, extraBody == null ? "" : extraBody, version, libraryCall == null ? "\"none\"" : libraryCall);
  }

  /** @param id plugin id @return the entrypoint class name of {@link #source} */
  public static String entrypoint(String id) {
    return "com.acme." + id.replace("-", "") + ".Main";
  }

  /**
   * Writes {@code <root>/<id>/manifest.json} and {@code <root>/<id>/<id>.jar} (replacing the jar
   * atomically, as an operator should).
   *
   * @param root the plugin directory
   * @param id plugin id
   * @param version reported version
   * @param libraryJar a library jar to put in {@code lib/} and compile against, or null
   * @param extraBody extra handler code, or null
   * @param manifestExtra extra manifest keys, or null
   * @return the plugin's directory
   */
  public static Path write(Path root, String id, String version, Path libraryJar, String extraBody, JsonObject manifestExtra) {
    try {
      Path dir = Files.createDirectories(root.resolve(id));
      PluginJar jar = PluginJar.builder().source(entrypoint(id),
        source(id, version, libraryJar == null ? null : "com.lib.Version.get()", extraBody));
      if (libraryJar != null) {
        Files.createDirectories(dir.resolve("lib"));
        Files.copy(libraryJar, dir.resolve("lib/library.jar"), StandardCopyOption.REPLACE_EXISTING);
        jar.classPath(libraryJar);
      }
      Path tmp = dir.resolve(id + ".jar.tmp");
      jar.writeTo(tmp);
      Files.move(tmp, dir.resolve(id + ".jar"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      JsonObject manifest = new JsonObject().put("id", id).put("name", id).put("version", "1.0.0").put("apiVersion", 2)
        .put("runtime", "jvm").put("entrypoint", entrypoint(id))
        .put("classpath", libraryJar == null ? new JsonArray().add(id + ".jar") : new JsonArray().add(id + ".jar").add("lib/*.jar"))
        .put("capabilities", new JsonArray().add(id + ".hello"));
      if (manifestExtra != null) {
        manifest.mergeIn(manifestExtra, true);
      }
      Files.writeString(dir.resolve("manifest.json"), manifest.encodePrettily());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param target where to write the jar
   * @param version what {@code com.lib.Version.get()} returns
   * @return the library jar
   */
  public static Path library(Path target, String version) {
    return PluginJar.builder().source("com.lib.Version",
      "package com.lib; public final class Version { public static String get() { return \"" + version + "\"; } }")
      .writeTo(target);
  }
}
