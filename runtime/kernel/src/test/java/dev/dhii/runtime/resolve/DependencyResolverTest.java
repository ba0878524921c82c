package dev.dhii.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.manifest.PluginRuntime;
import dev.dhii.runtime.resolve.DependencyResolver.Resolution;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DependencyResolverTest {

  /** A plugin importing {@code imports}, given as "id range" strings. */
  static PluginManifest plugin(String id, String version, String... imports) {
    return plugin(id, version, true, imports);
  }

  static PluginManifest plugin(String id, String version, boolean enabled, String... imports) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String spec : imports) {
      String[] parts = spec.split(" ", 2);
      map.put(parts[0], parts[1]);
    }
    Path file = Path.of("plugins", id, "manifest.json");
    return new PluginManifest(file, file.getParent(), id, id, version, null, 2, PluginRuntime.JVM, "x.Plugin",
        null, null, map, List.of(id + ".run"), null, null, null, null, enabled);
  }

  private static List<String> ids(List<PluginManifest> manifests) {
    return manifests.stream().map(PluginManifest::id).toList();
  }

  @Test
  void startsEachPluginAfterEverythingItImports() {
    Resolution r = DependencyResolver.resolve(List.of(
        plugin("email", "2.0.0", "core-auth ^1.2.0", "storage ~1.0.0"),
        plugin("storage", "1.0.4", "core-auth >=1.0.0"),
        plugin("core-auth", "1.3.0"),
        plugin("calendar", "1.0.0", "email ^2.0.0")));
    assertEquals(List.of("core-auth", "storage", "email", "calendar"), ids(r.startOrder()));
    assertEquals(Map.of(), r.failures());
  }

  @Test
  void breaksTiesByIdWhateverTheInputOrder() {
    List<PluginManifest> manifests = new ArrayList<>(List.of(plugin("c", "1.0.0"), plugin("a", "1.0.0"),
        plugin("b", "1.0.0", "c *"), plugin("d", "1.0.0", "a *"), plugin("e", "1.0.0")));
    List<String> expected = List.of("a", "c", "b", "d", "e");
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(manifests, random);
      assertEquals(expected, ids(DependencyResolver.resolve(manifests).startOrder()));
    }
  }

  @Test
  void stopOrderIsTheReverseOfStartOrder() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("a", "1.0.0"), plugin("b", "1.0.0", "a ^1.0.0")));
    assertEquals(List.of("a", "b"), ids(r.startOrder()));
    assertEquals(List.of("b", "a"), ids(r.stopOrder()));
  }

  @Test
  void acceptsAnImportWhoseVersionIsInRange() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("a", "1.4.2"), plugin("b", "1.0.0", "a >=1.0.0 <2.0.0")));
    assertEquals(List.of("a", "b"), ids(r.startOrder()));
  }

  @Test
  void failsAnImportOutOfRangeNamingFoundVersionAndWantedRange() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("core-auth", "1.1.0"),
        plugin("email", "2.0.0", "core-auth ^1.2.0")));
    assertEquals(List.of("core-auth"), ids(r.startOrder()));
    assertEquals("imports core-auth ^1.2.0 but found version 1.1.0", r.failures().get("email"));
  }

  @Test
  void failsAMissingImport() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("email", "2.0.0", "core-auth ^1.2.0"),
        plugin("calendar", "1.0.0")));
    assertEquals(List.of("calendar"), ids(r.startOrder()));
    assertEquals("imports missing plugin core-auth ^1.2.0", r.failures().get("email"));
  }

  @Test
  void failsBothPluginsOfATwoPluginCycleNamingIt() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("a", "1.0.0", "b *"), plugin("b", "1.0.0", "a *"),
        plugin("c", "1.0.0")));
    assertEquals(List.of("c"), ids(r.startOrder()));
    assertEquals("import cycle: a -> b -> a", r.failures().get("a"));
    assertEquals("import cycle: b -> a -> b", r.failures().get("b"));
  }

  @Test
  void failsEveryPluginOfAThreePluginCycleAndItsDependants() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("a", "1.0.0", "b *"), plugin("b", "1.0.0", "c *"),
        plugin("c", "1.0.0", "a *"), plugin("d", "1.0.0", "a *"), plugin("e", "1.0.0")));
    assertEquals(List.of("e"), ids(r.startOrder()));
    assertEquals("import cycle: a -> b -> c -> a", r.failures().get("a"));
    assertEquals("import cycle: b -> c -> a -> b", r.failures().get("b"));
    assertEquals("import cycle: c -> a -> b -> c", r.failures().get("c"));
    assertEquals("imports failed plugin a", r.failures().get("d"));
  }

  @Test
  void failsAPluginImportingItself() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("a", "1.0.0", "a *")));
    assertEquals(List.of(), r.startOrder());
    assertEquals("import cycle: a -> a", r.failures().get("a"));
  }

  @Test
  void failsDependantsOfAFailedPluginTransitively() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("a", "1.0.0", "gone ^1.0.0"),
        plugin("b", "1.0.0", "a ^1.0.0"), plugin("c", "1.0.0", "b ^1.0.0", "ok *"), plugin("ok", "1.0.0")));
    assertEquals(List.of("ok"), ids(r.startOrder()));
    assertEquals("imports missing plugin gone ^1.0.0", r.failures().get("a"));
    assertEquals("imports failed plugin a", r.failures().get("b"));
    assertEquals("imports failed plugin b", r.failures().get("c"));
  }

  @Test
  void leavesDisabledPluginsOutAndFailsTheirDependants() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("a", "1.0.0", false), plugin("b", "1.0.0", "a *"),
        plugin("c", "1.0.0", "b *"), plugin("d", "1.0.0", false, "missing *")));
    assertEquals(List.of(), r.startOrder());
    assertEquals(Map.of("b", "imports disabled plugin a", "c", "imports failed plugin b"), r.failures());
  }

  @Test
  void reportsEveryBrokenImportOfAPlugin() {
    Resolution r = DependencyResolver.resolve(List.of(plugin("a", "0.9.0"),
        plugin("b", "1.0.0", "x *", "a ^1.0.0")));
    assertEquals("imports a ^1.0.0 but found version 0.9.0; imports missing plugin x *", r.failures().get("b"));
  }

  @Test
  void failsBothPluginsSharingAnId() {
    PluginManifest first = plugin("a", "1.0.0");
    Resolution r = DependencyResolver.resolve(List.of(first, plugin("a", "2.0.0"), plugin("b", "1.0.0", "a *")));
    assertEquals(List.of(), r.startOrder());
    assertTrue(r.failures().get("a").startsWith("duplicate plugin id"), r.failures().get("a"));
    assertEquals("imports failed plugin a", r.failures().get("b"));
  }

  @Test
  void resolvesNothingToNothing() {
    Resolution r = DependencyResolver.resolve(List.of());
    assertEquals(List.of(), r.startOrder());
    assertEquals(Map.of(), r.failures());
  }

  @Test
  void anOptionalImportOnlyOrdersTheStartWhetherMissingDisabledOrFailed() {
    PluginManifest deals = plugin("deals", "1.0.0", "contacts *", "mail *", "off *", "broken *")
        .withCompat(new PluginManifest.Compat(true, java.util.Set.of("contacts", "mail", "off", "broken"), List.of()));
    Resolution r = DependencyResolver.resolve(List.of(deals, plugin("mail", "2.0.0"), plugin("off", "1.0.0", false),
        plugin("broken", "1.0.0", "nowhere *")));
    assertEquals(List.of("mail", "deals"), ids(r.startOrder()));
    assertEquals(Map.of("broken", "imports missing plugin nowhere *"), r.failures());
  }
}
