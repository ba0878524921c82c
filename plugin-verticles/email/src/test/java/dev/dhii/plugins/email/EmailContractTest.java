package dev.dhii.plugins.email;

import dev.dhii.api.Capability;
import dev.dhii.runtime.dispatch.SchemaValidator;
import dev.dhii.runtime.isolation.ForbiddenApiScanner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin against Dhii-Mail v1's capability contract, and its manifest's permissions against its libraries. */
class EmailContractTest {

  /** A copy of Dhii-Mail v1's declared capabilities (dhii-v1/capabilities.json of the design documents). */
  static final Path V1_COPY = Path.of("src/test/resources/dhii-v1-capabilities.json");

  static Map<String, JsonObject> v1Email() throws Exception {
    JsonObject v1 = new JsonObject(Files.readString(V1_COPY));
    return v1.getJsonArray("capabilities").stream().map(JsonObject.class::cast)
      .filter(c -> c.getString("id").startsWith("email."))
      .collect(Collectors.toMap(c -> c.getString("id"), Function.identity()));
  }

  static Map<String, Capability<?, ?>> ours() {
    return new EmailPlugin().capabilities().stream().collect(Collectors.toMap(Capability::id, Function.identity()));
  }

  /** Example inputs from a v1 schema: only the required properties, and every property with a typical value. */
  static List<JsonObject> examples(JsonObject schema) {
    JsonObject all = new JsonObject();
    JsonObject required = new JsonObject();
    JsonArray names = schema.getJsonArray("required", new JsonArray());
    schema.getJsonObject("properties").forEach(e -> {
      JsonObject p = (JsonObject) e.getValue();
      Object value = switch (p.getString("type")) {
        case "string" -> "date".equals(p.getString("format")) ? "2024-05-01" : e.getKey().equals("to") ? "a@b.c" : "text";
        case "integer" -> 5;
        case "boolean" -> true;
        case "array" -> e.getKey().equals("attachments")
          ? new JsonArray().add(new JsonObject().put("filename", "a.txt").put("content_base64", "aGk=").put("content_type", "text/plain"))
          : new JsonArray().add("a@b.c");
        default -> throw new IllegalArgumentException(p.encode());
      };
      all.put(e.getKey(), value);
      if (names.contains(e.getKey())) {
        required.put(e.getKey(), value);
      }
    });
    return List.of(required, all);
  }

  @Test
  void everyV1EmailCapabilityExistsWithItsIdAuthAndRequiredFields() throws Exception {
    Map<String, JsonObject> v1 = v1Email();
    Map<String, Capability<?, ?>> ours = ours();
    assertEquals(v1.keySet(), ours.keySet());
    JsonObject manifest = new JsonObject(Files.readString(EmailRuntime.MANIFEST));
    assertEquals(new TreeSet<>(v1.keySet()), new TreeSet<>(manifest.getJsonArray("capabilities").getList()));
    v1.forEach((id, c) -> {
      Capability<?, ?> mine = ours.get(id);
      assertEquals(c.getBoolean("requires_auth"), mine.requiresAuth(), id);
      assertEquals(Set.copyOf(c.getJsonObject("input_schema").getJsonArray("required", new JsonArray()).getList()),
        Set.copyOf(mine.inputSchema().getJsonArray("required", new JsonArray()).getList()), id);
      assertTrue(mine.inputSchema().getJsonObject("properties").fieldNames()
        .containsAll(c.getJsonObject("input_schema").getJsonObject("properties").fieldNames()), id);
    });
    assertFalse(ours.get("email.send").idempotent());
    assertTrue(ours.get("email.receive").idempotent());
    assertTrue(ours.get("email.search").idempotent());
  }

  @Test
  void everyV1ExampleInputValidatesAgainstOurInputSchema() throws Exception {
    Map<String, Capability<?, ?>> ours = ours();
    v1Email().forEach((id, c) -> {
      SchemaValidator validator = SchemaValidator.compile(ours.get(id).inputSchema());
      for (JsonObject example : examples(c.getJsonObject("input_schema"))) {
        assertEquals(List.of(), validator.validate(example), id + " " + example.encode());
      }
    });
  }

  @Test
  void theManifestGrantsExactlyThePermissionsTheBundledLibrariesNeed() throws Exception {
    List<Path> jars;
    try (Stream<Path> files = Files.list(Path.of("target/lib"))) {
      jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    assertFalse(jars.isEmpty(), "the build copies the plugin's libraries to target/lib");
    JsonObject manifest = new JsonObject(Files.readString(EmailRuntime.MANIFEST));
    Set<String> granted = Set.copyOf(manifest.getJsonArray("permissions").getList().stream().map(String::valueOf).toList());
    ForbiddenApiScanner scanner = ForbiddenApiScanner.create();
    assertEquals(List.of(), scanner.scan(jars, granted));
    Set<String> needed = new java.util.HashSet<>(scanner.scan(jars, Set.of()).stream()
      .map(ForbiddenApiScanner.Violation::permission).collect(Collectors.toSet()));
    // the plugin's own code reads the variable its passwordEnv settings name (EmailPlugin.onLoad: System.getenv)
    needed.add("environment");
    assertEquals(needed, granted);
  }
}
