package dev.dhii.runtime.isolation;

import dev.dhii.runtime.testing.PluginJar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginClassLoaderResourcesTest {

  private static final String KERNEL_CLASS = "dev/dhii/runtime/isolation/PluginClassLoader.class";
  private static final String KERNEL_SERVICE =
      "META-INF/services/jakarta.servlet.ServletContainerInitializer";
  private static final String SLF4J_SERVICE = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

  /** Keeps the allocations of the leak test from being optimised away. */
  static volatile byte[] garbage;

  @TempDir
  Path dir;
  Path jar;
  PluginClassLoader loader;

  @BeforeEach
  void buildPlugin() {
    jar = PluginJar.builder()
        .source("com.acme.Hello", "package com.acme; public class Hello"
            + " implements java.util.function.Supplier<String> { public String get() { return \"hi\"; } }")
        .resource("plugin.txt", "own resource")
        .resource(SLF4J_SERVICE, "com.acme.LoggerProvider")
        .writeTo(dir.resolve("hello.jar"));
    loader = PluginClassLoader.create("hello", List.of(jar), getClass().getClassLoader());
  }

  @AfterEach
  void close() throws Exception {
    loader.close();
  }

  @Test
  void pluginSeesItsOwnResources() throws Exception {
    try (InputStream in = loader.getResourceAsStream("plugin.txt")) {
      assertNotNull(in);
      assertEquals("own resource", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(1, Collections.list(loader.getResources("plugin.txt")).size());
  }

  @Test
  void kernelResourcesAndServiceFilesAreInvisible() throws Exception {
    ClassLoader runtime = getClass().getClassLoader();
    for (String name : List.of(KERNEL_CLASS, KERNEL_SERVICE)) {
      assertNotNull(runtime.getResource(name), name);
      assertNull(loader.getResource(name), name);
      assertTrue(Collections.list(loader.getResources(name)).isEmpty(), name);
    }
  }

  @Test
  void resourcesOfSharedPackagesAndTheirServiceFilesAreVisible() {
    assertNotNull(loader.getResource("io/vertx/core/json/JsonObject.class"));
    assertNotNull(loader.getResource("java/lang/String.class"));
    assertNotNull(getClass().getClassLoader().getResource(SLF4J_SERVICE));
  }

  @Test
  void pluginResourcesComeBeforeTheRuntimesOnes() throws Exception {
    List<URL> urls = Collections.list(loader.getResources(SLF4J_SERVICE));
    assertEquals(2, urls.size(), urls.toString());
    assertTrue(urls.get(0).toString().contains("hello.jar"), urls.toString());
    assertTrue(urls.get(1).toString().contains("logback"), urls.toString());
    assertEquals(urls.get(0), loader.getResource(SLF4J_SERVICE));
  }

  @Test
  void closeReleasesThePluginsJars() throws Exception {
    loader.close();
    assertNull(loader.getResource("plugin.txt"));
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.acme.Hello"));
  }

  @Test
  void closedLoaderIsGarbageCollectedOnceUnreferenced() throws Exception {
    WeakReference<ClassLoader> ref = useAndClose(PluginClassLoader.create("leak", List.of(jar),
        getClass().getClassLoader()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
      garbage = new byte[1 << 20];
    }
    assertNull(ref.get(), "the plugin class loader is still reachable after close()");
  }

  @SuppressWarnings("unchecked")
  private static WeakReference<ClassLoader> useAndClose(PluginClassLoader loader) throws Exception {
    Supplier<String> hello = (Supplier<String>) loader.loadClass("com.acme.Hello")
        .getDeclaredConstructor().newInstance();
    assertEquals("hi", hello.get());
    loader.close();
    return new WeakReference<>(loader);
  }
}
