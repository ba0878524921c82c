package dev.dhii.plugins.calendar;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.isolation.ForbiddenApiScanner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The plugin as it ships: its jar and lib/ beside the bundled manifest, in its own class loader. */
class BundledJarsTest {

  private static final Path MANIFEST = Path.of("../../manifests/calendar/manifest.json");

  private static Path sqliteJar() throws Exception {
    return Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static Set<String> manifestPermissions() throws Exception {
    return new JsonObject(Files.readString(MANIFEST)).getJsonArray("permissions").stream()
      .map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theManifestGrantsExactlyThePermissionsTheBundledLibrariesNeed() throws Exception {
    List<ForbiddenApiScanner.Violation> ungranted = ForbiddenApiScanner.create().scan(List.of(sqliteJar()), Set.of());
    assertFalse(ungranted.isEmpty());
    assertEquals(manifestPermissions(), ungranted.stream().map(ForbiddenApiScanner.Violation::permission)
      .collect(Collectors.toCollection(TreeSet::new)));
    assertEquals(List.of(), ForbiddenApiScanner.create().scan(List.of(sqliteJar()), manifestPermissions()));
  }

  @Test
  void thePluginRunsFromItsJarWithSqliteInLibUnderTheBundledManifest(@TempDir Path root) throws Exception {
    Path dir = Files.createDirectories(root.resolve("plugins/calendar/lib"));
    Files.copy(MANIFEST, dir.resolveSibling("manifest.json"));
    Files.copy(sqliteJar(), dir.resolve(sqliteJar().getFileName()));
    jar(Path.of("target/classes"), dir.resolveSibling("calendar-plugin.jar"));
    Vertx vertx = Vertx.vertx();
    try {
      DhiiRuntime runtime = DhiiRuntime.start(vertx, new RuntimeOptions(new JsonObject()
        .put("http", new JsonObject().put("port", 0).put("instances", 1))
        .put("tcpBridge", new JsonObject().put("port", 0))
        .put("plugins", new JsonObject().put("directories", new JsonArray().add(root.resolve("plugins").toString()))
          .put("dataDirectory", root.resolve("data").toString())))).await(30, TimeUnit.SECONDS);
      JsonObject event = new JsonObject().put("title", "Jar").put("organizer", "jar@example.com")
        .put("start_time", "2030-06-01T10:00:00Z").put("end_time", "2030-06-01T11:00:00Z");
      runtime.dispatcher().invoke(CallRequest.of("calendar.create_event", event)).await(10, TimeUnit.SECONDS);
      JsonObject found = runtime.dispatcher().invoke(CallRequest.of("calendar.get_events",
        new JsonObject().put("organizer", "jar@example.com"))).await(10, TimeUnit.SECONDS).output();
      assertEquals(1, found.getInteger("count"));
      runtime.stop().await(20, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  private static void jar(Path classes, Path jar) throws Exception {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
         Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jarOut);
        jarOut.closeEntry();
      }
    }
  }
}
