package dev.dhii.runtime.testing;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds a plugin jar on the fly in a test: Java sources compiled in-process against the test class
 * path, plus resource entries.
 *
 * <pre>{@code
 * Path jar = PluginJar.builder()
 *     .source("com.acme.Foo", "package com.acme; public class Foo {}")
 *     .resource("x.txt", "hello")
 *     .writeTo(tempDir.resolve("foo.jar"));
 * }</pre>
 *
 * Compilation errors fail with the compiler's diagnostics.
 */
public final class PluginJar {

  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, byte[]> resources = new LinkedHashMap<>();
  private final List<Path> classPath = new ArrayList<>();

  private PluginJar() {
  }

  /** @return an empty jar builder */
  public static PluginJar builder() {
    return new PluginJar();
  }

  /**
   * @param className the fully qualified name of the top-level class
   * @param code its Java source
   * @return this
   */
  public PluginJar source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /** Adds a text resource, UTF-8 encoded, at {@code path} ({@code META-INF/x.txt}). */
  public PluginJar resource(String path, String content) {
    return resource(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a binary resource at {@code path}. */
  public PluginJar resource(String path, byte[] content) {
    resources.put(path, content.clone());
    return this;
  }

  /** Compiles against {@code jar} as well, e.g. a library the plugin uses; it is not copied in. */
  public PluginJar classPath(Path jar) {
    classPath.add(jar);
    return this;
  }

  /**
   * Compiles the sources and writes the jar, with a minimal manifest.
   *
   * @param jar where to write it; parent directories are created
   * @return {@code jar}
   * @throws IllegalStateException if compilation fails, with the diagnostics
   */
  public Path writeTo(Path jar) {
    Path classes = null;
    try {
      classes = Files.createTempDirectory("plugin-jar-classes");
      compile(classes);
      Files.createDirectories(jar.toAbsolutePath().getParent());
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
        for (Path file : list(classes)) {
          write(out, classes.relativize(file).toString().replace(File.separatorChar, '/'),
              Files.readAllBytes(file));
        }
        for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
          write(out, resource.getKey(), resource.getValue());
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + jar, e);
    } finally {
      deleteQuietly(classes);
    }
  }

  private void compile(Path outputDir) throws IOException {
    if (sources.isEmpty()) {
      return;
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("No system Java compiler: tests must run on a JDK");
    }
    String path = Stream.concat(Stream.of(System.getProperty("java.class.path")),
            classPath.stream().map(Path::toString))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> options =
        List.of("-d", outputDir.toString(), "-classpath", path, "-proc:none", "-nowarn");
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, code) -> units.add(new Source(name, code)));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
      boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
      if (!ok) {
        throw new IllegalStateException("Compilation of " + sources.keySet() + " failed:\n"
            + diagnostics.getDiagnostics().stream().map(Object::toString)
                .collect(Collectors.joining("\n")));
      }
    }
  }

  private static void write(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(content);
    out.closeEntry();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }

  /** A source file held in memory. */
  private static final class Source extends SimpleJavaFileObject {

    private final String code;

    Source(String className, String code) {
      super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
