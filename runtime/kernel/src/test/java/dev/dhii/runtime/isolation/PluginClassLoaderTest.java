package dev.dhii.runtime.isolation;

import com.fasterxml.jackson.core.JsonFactory;
import dev.dhii.api.Plugin;
import dev.dhii.runtime.testing.PluginJar;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginClassLoaderTest {

  private static final String PROBE = """
      package com.acme;
      public class Probe implements java.util.function.Function<String, Object> {
        public Object apply(String name) {
          try {
            return Class.forName(name);
          } catch (ClassNotFoundException e) {
            return e;
          }
        }
      }""";
  private static final String USES_LIB = """
      package com.acme;
      public class UsesLib implements java.util.function.Supplier<String> {
        public String get() { return com.lib.Version.get(); }
      }""";

  @TempDir
  static Path dir;
  static Path probeJar;
  static Path libV1;
  static Path libV2;

  private final List<PluginClassLoader> loaders = new ArrayList<>();

  @BeforeAll
  static void buildJars() {
    libV1 = library("1");
    libV2 = library("2");
    probeJar = PluginJar.builder()
        .source("com.acme.Probe", PROBE)
        .source("com.acme.UsesLib", USES_LIB)
        .classPath(libV1)
        .writeTo(dir.resolve("probe.jar"));
  }

  private static Path library(String version) {
    return PluginJar.builder()
        .source("com.lib.Version", "package com.lib; public class Version {"
            + " public static String get() { return \"" + version + "\"; } }")
        .writeTo(dir.resolve("lib-" + version + ".jar"));
  }

  @AfterEach
  void closeLoaders() throws Exception {
    for (PluginClassLoader loader : loaders) {
      loader.close();
    }
  }

  PluginClassLoader loader(String pluginId, Path... jars) {
    PluginClassLoader loader = PluginClassLoader.create(pluginId, List.of(jars), runtimeLoader());
    loaders.add(loader);
    return loader;
  }

  static ClassLoader runtimeLoader() {
    return PluginClassLoaderTest.class.getClassLoader();
  }

  @SuppressWarnings("unchecked")
  static <T> T instance(ClassLoader loader, String className) throws Exception {
    return (T) loader.loadClass(className).getDeclaredConstructor().newInstance();
  }

  @Test
  void pluginCodeCannotLoadKernelOrUnexportedRuntimeClasses() throws Exception {
    Function<String, Object> probe = instance(loader("alpha", probeJar), "com.acme.Probe");
    for (String hidden : List.of("dev.dhii.runtime.isolation.PluginClassLoader",
        "dev.dhii.runtime.testing.PluginJar", "io.vertx.ext.web.Router",
        "ch.qos.logback.classic.Logger")) {
      Class.forName(hidden, false, runtimeLoader());
      ClassNotFoundException e = assertInstanceOf(ClassNotFoundException.class, probe.apply(hidden), hidden);
      assertTrue(e.getMessage().contains(hidden) && e.getMessage().contains("'alpha'"), e.getMessage());
    }
  }

  @Test
  void pluginCodeSeesTheRuntimesOwnApiJdkAndSharedLibraryClasses() throws Exception {
    Function<String, Object> probe = instance(loader("alpha", probeJar), "com.acme.Probe");
    for (Class<?> shared : List.of(Plugin.class, JsonObject.class, Future.class, String.class,
        JsonFactory.class, Logger.class, ByteBuf.class, java.sql.Connection.class)) {
      assertSame(shared, probe.apply(shared.getName()), shared.getName());
    }
  }

  @Test
  void twoPluginsEachSeeTheirOwnVersionOfTheSameLibrary() throws Exception {
    PluginClassLoader one = loader("one", probeJar, libV1);
    PluginClassLoader two = loader("two", probeJar, libV2);
    assertEquals("1", PluginClassLoaderTest.<Supplier<String>>instance(one, "com.acme.UsesLib").get());
    assertEquals("2", PluginClassLoaderTest.<Supplier<String>>instance(two, "com.acme.UsesLib").get());
    Class<?> versionOne = one.loadClass("com.lib.Version");
    assertSame(one, versionOne.getClassLoader());
    assertNotSame(versionOne, two.loadClass("com.lib.Version"));
  }

  @Test
  void pluginCannotShadowJdkApiOrVertxClasses() throws Exception {
    Path shadows = PluginJar.builder()
        .source("dev.dhii.api.Plugin", "package dev.dhii.api; public class Plugin {}")
        .source("io.vertx.core.json.JsonObject", "package io.vertx.core.json; public class JsonObject {}")
        .resource("java/lang/String.class", "not the real String")
        .writeTo(dir.resolve("shadows.jar"));
    PluginClassLoader loader = loader("shadow", shadows);
    assertSame(String.class, loader.loadClass("java.lang.String"));
    assertSame(Plugin.class, loader.loadClass("dev.dhii.api.Plugin"));
    assertSame(JsonObject.class, loader.loadClass("io.vertx.core.json.JsonObject"));
  }

  @Test
  void pluginCannotAddClassesToTheApiPackage() {
    Path squatter = PluginJar.builder()
        .source("dev.dhii.api.Extra", "package dev.dhii.api; public class Extra {}")
        .writeTo(dir.resolve("squatter.jar"));
    ClassNotFoundException e = assertThrows(ClassNotFoundException.class,
        () -> loader("squatter", squatter).loadClass("dev.dhii.api.Extra"));
    assertTrue(e.getMessage().contains("reserved"), e.getMessage());
  }

  @Test
  void pluginMayBundleASharedLibraryModuleTheRuntimeLacks() throws Exception {
    Path module = PluginJar.builder()
        .source("com.fasterxml.jackson.dataformat.acme.AcmeFactory",
            "package com.fasterxml.jackson.dataformat.acme; public class AcmeFactory {}")
        .writeTo(dir.resolve("jackson-acme.jar"));
    PluginClassLoader loader = loader("bundler", module);
    Class<?> bundled = loader.loadClass("com.fasterxml.jackson.dataformat.acme.AcmeFactory");
    assertSame(loader, bundled.getClassLoader());
  }

  @Test
  void loaderIsNamedAfterThePluginAndDoesNotExposeTheRuntimeLoader() {
    PluginClassLoader loader = loader("alpha", probeJar);
    assertEquals("PluginClassLoader[alpha]", loader.toString());
    assertEquals("plugin-alpha", loader.getName());
    assertEquals("alpha", loader.pluginId());
    assertNull(loader.getParent());
  }
}
