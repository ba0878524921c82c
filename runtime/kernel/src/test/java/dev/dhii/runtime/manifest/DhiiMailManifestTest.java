package dev.dhii.runtime.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each variant of Dhii-Mail's manifest.json mapped onto the runtime's manifest. */
class DhiiMailManifestTest {

  @TempDir
  Path root;

  private PluginManifest read(String folder, String manifest, String... files) throws IOException {
    Path dir = Files.createDirectories(root.resolve(folder));
    for (String file : files) {
      Files.writeString(dir.resolve(file), "");
    }
    Files.writeString(dir.resolve("manifest.json"), manifest);
    ManifestReader.Result result = ManifestReader.create().read(dir.resolve("manifest.json"));
    assertTrue(result.succeeded(), String.valueOf(result.problems()));
    return result.manifest();
  }

  @Test
  void entryPointAndClassNameWithPlainStringCapabilities() throws IOException {
    PluginManifest m = read("meeting", """
        {"id": "holo-meet", "name": "Holo-Meet", "version": "1.0.0", "entry_point": "plugin.py",
         "class_name": "MeetingPlugin", "capabilities": ["meeting_create", "meeting.list"],
         "permissions": ["storage.read"]}""", "__init__.py", "plugin.py");
    assertEquals(".plugin:MeetingPlugin", m.entrypoint());
    assertEquals(List.of("holo-meet.meeting_create", "meeting.list"), m.capabilities());
    assertEquals(1, m.apiVersion());
    assertTrue(m.servedBySdk());
    assertTrue(m.compat().capabilitiesFromCode());
    assertEquals(List.of(), m.permissions());
  }

  @Test
  void pluginDependenciesAreOptionalImportsAndPackageDependenciesPipRequirements() throws IOException {
    PluginManifest deals = read("deals", """
        {"id": "deals", "version": "1.0.0", "type": "crm", "capabilities": ["deal.create"],
         "dependencies": ["contacts", "email"]}""", "__init__.py", "plugin.py");
    assertEquals(".", deals.entrypoint());
    assertEquals(Map.of("contacts", "*", "email", "*"), deals.imports());
    assertEquals(Set.of("contacts", "email"), deals.compat().optionalImports());
    PluginManifest calendar = read("calendar", """
        {"id": "calendar_plugin", "version": "1.0.0", "type": "calendar", "enabled": false,
         "dependencies": {"pydantic": "^2.0.0", "httpx": "~0.27.1"},
         "capabilities": [{"id": "calendar_create_event", "domain": "calendar", "input_schema": {}}]}""",
        "__init__.py");
    assertEquals(Map.of(), calendar.imports());
    assertEquals(List.of("pydantic>=2.0.0,<3.0.0", "httpx>=0.27.1,<0.28.0"), calendar.compat().pythonPackages());
    assertEquals(false, calendar.enabled());
  }

  @Test
  void aFolderWithoutPackageIsRecognisedByItsModule() throws IOException {
    PluginManifest m = read("test_plugin", new JsonObject().put("id", "test_plugin").put("version", "1.0.0")
        .put("plugin_type", "integration").put("capabilities", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("id", "test_plugin.example").put("rate_limit", (Object) null))).encode(), "plugin.py");
    assertEquals(".", m.entrypoint());
    assertEquals(List.of("test_plugin.example"), m.capabilities());
  }

  @Test
  void rangesBecomePipSpecifiers() {
    Map<String, String> cases = Map.of("^2.1.0", "p>=2.1.0,<3.0.0", "^0.2.3", "p>=0.2.3,<0.3.0", "^0.0.3", "p>=0.0.3,<0.0.4",
        "~1.2.3", "p>=1.2.3,<1.3.0", "~1", "p>=1,<2", "*", "p", "2.0.0", "p==2.0.0", ">=1.0, <2", "p>=1.0,<2");
    cases.forEach((range, pip) -> assertEquals(pip, DhiiMailManifest.pipRequirement("p", range), range));
    assertNull(DhiiMailManifest.pipRequirement("p", "^x"));
  }
}
