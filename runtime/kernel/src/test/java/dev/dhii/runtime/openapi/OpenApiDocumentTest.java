package dev.dhii.runtime.openapi;

import dev.dhii.runtime.fixtures.DhiiMailSchemasPlugin;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /openapi.json} and {@code /v1/capabilities/{id}} against a listening runtime, following its registry. */
class OpenApiDocumentTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(OpenApiDocumentTest::plugins).build();

  static void plugins(java.nio.file.Path dir) {
    TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
    TestManifests.write(dir, "dmail", DhiiMailSchemasPlugin.class, dmailIds(), null);
  }

  static List<String> dmailIds() {
    List<String> ids = DhiiMailSchemasPlugin.declared().getJsonArray("capabilities").stream()
      .map(c -> DhiiMailSchemasPlugin.PREFIX + ((JsonObject) c).getString("id")).collect(Collectors.toList());
    ids.add(DhiiMailSchemasPlugin.PREFIX + "shapes");
    return ids;
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    try {
      return request.send().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonObject document(String authorization) {
    HttpRequest<Buffer> request = dhii.http().get(OpenApiRoutes.DOCUMENT);
    if (authorization != null) {
      request.putHeader("authorization", authorization);
    }
    HttpResponse<Buffer> response = send(request);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("content-type"));
    return response.bodyAsJsonObject();
  }

  static Set<String> invokePaths(JsonObject document) {
    return document.getJsonObject("paths").fieldNames().stream().filter(p -> p.endsWith("/invoke"))
      .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyServedCapabilityIsAnOperationWithBothSchemasAndEveryErrorResponse() {
    JsonObject doc = document(null);
    assertEquals("3.1.0", doc.getString("openapi"));
    Set<String> expected = new TreeSet<>(List.of("fx.echo", "fx.secure", "fx.whoami"));
    expected.addAll(dmailIds());
    assertEquals(expected.stream().map(CapabilityOperations::path).collect(Collectors.toCollection(TreeSet::new)),
      invokePaths(doc));
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    JsonObject op = doc.getJsonObject("paths").getJsonObject("/v1/capabilities/fx.echo/invoke").getJsonObject("post");
    assertEquals("#/components/schemas/fx.echo.Input", op.getJsonObject("requestBody").getJsonObject("content")
      .getJsonObject("application/json").getJsonObject("schema").getString("$ref"));
    JsonObject input = schemas.getJsonObject("fx.echo.Input");
    assertEquals("object", input.getString("type"));
    assertTrue(input.getJsonObject("properties").containsKey("text"));
    assertNull(input.getValue("$schema"));
    JsonObject responses = op.getJsonObject("responses");
    assertEquals("#/components/schemas/fx.echo.Output", responses.getJsonObject("200").getJsonObject("content")
      .getJsonObject("application/json").getJsonObject("schema").getJsonObject("properties").getJsonObject("result")
      .getString("$ref"));
    JsonObject shared = doc.getJsonObject("components").getJsonObject("responses");
    for (dev.dhii.api.ErrorCode code : dev.dhii.api.ErrorCode.values()) {
      String status = Integer.toString(code.httpStatus());
      assertEquals("#/components/responses/Error" + status, responses.getJsonObject(status).getString("$ref"));
      JsonObject error = shared.getJsonObject("Error" + status);
      assertTrue(error.getString("description").contains(code.name()), code + ": " + error);
      JsonObject json = error.getJsonObject("content").getJsonObject("application/json");
      assertEquals("#/components/schemas/Error", json.getJsonObject("schema").getString("$ref"));
      assertEquals(code.type(), json.getJsonObject("examples").getJsonObject(code.name()).getJsonObject("value")
        .getJsonObject("error").getString("type"));
    }
    assertTrue(shared.getJsonObject("Error429").getJsonObject("headers").containsKey("Retry-After"));
    assertEquals(new JsonArray().add(new JsonObject()).add(new JsonObject().put("bearer", new JsonArray())),
      op.getJsonArray("security"));
    assertEquals(new JsonArray().add(new JsonObject().put("bearer", new JsonArray())), doc.getJsonObject("paths")
      .getJsonObject("/v1/capabilities/fx.secure/invoke").getJsonObject("post").getJsonArray("security"));
    JsonObject bearer = doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer");
    assertEquals(List.of("http", "bearer", "JWT"), List.of(bearer.getString("type"), bearer.getString("scheme"),
      bearer.getString("bearerFormat")));
    JsonObject error = schemas.getJsonObject("Error").getJsonObject("properties").getJsonObject("error");
    assertEquals(Set.of("type", "code", "message", "retryable", "requestId", "pluginId", "capabilityId", "details"),
      error.getJsonObject("properties").fieldNames());
    for (String route : List.of("/v1/plugins", "/v1/plugins/{pluginId}", "/v1/capabilities",
      "/v1/capabilities/{capabilityId}", "/v1/plugins/{pluginId}/redeploy", "/v1/plugins/{pluginId}/disable",
      "/v1/plugins/{pluginId}/enable", "/health", "/health/live", "/health/ready", "/metrics", "/openapi.json")) {
      assertTrue(doc.getJsonObject("paths").containsKey(route), route);
    }
    assertEquals(new JsonArray().add(new JsonObject().put("bearer", new JsonArray())), doc.getJsonObject("paths")
      .getJsonObject("/v1/plugins/{pluginId}/redeploy").getJsonObject("post").getJsonArray("security"));
  }

  @Test
  void dhiiMailSchemasArriveAsDeclaredAndLocalReferencesPointIntoTheirComponent() {
    JsonObject schemas = document(null).getJsonObject("components").getJsonObject("schemas");
    JsonObject declared = DhiiMailSchemasPlugin.declared().getJsonArray("capabilities").getJsonObject(0);
    assertEquals(declared.getJsonObject("input_schema"), schemas.getJsonObject("dmail.email.send.Input"));
    assertEquals(declared.getJsonObject("output_schema"), schemas.getJsonObject("dmail.email.send.Output"));
    JsonObject shapes = schemas.getJsonObject("dmail.shapes.Input");
    assertFalse(shapes.containsKey("$schema"));
    assertFalse(shapes.containsKey("$id"));
    JsonObject properties = shapes.getJsonObject("properties");
    assertEquals("#/components/schemas/dmail.shapes.Input/$defs/Slot", properties.getJsonObject("when").getString("$ref"));
    assertEquals("#/components/schemas/dmail.shapes.Input/$defs/Slot", properties.getJsonObject("more")
      .getJsonObject("items").getString("$ref"));
    assertEquals("#/components/schemas/dmail.shapes.Input/$defs/Slot", shapes.getJsonObject("$defs").getJsonObject("Slot")
      .getJsonObject("properties").getJsonObject("next").getString("$ref"));
    assertEquals(new JsonObject().put("type", "string"), properties.getJsonObject("$ref"), "a property named $ref stays");
    assertEquals(new JsonObject(), properties.getJsonObject("open"), "true is the empty schema");
    JsonObject output = schemas.getJsonObject("dmail.shapes.Output");
    assertEquals(new JsonObject(), output.getJsonObject("properties").getJsonObject("any"));
    assertEquals(new JsonObject().put("not", new JsonObject()), output.getJsonObject("properties").getJsonObject("none"));
    assertEquals(false, output.getValue("additionalProperties"), "false stays false where it is the usual form");
    assertEquals(new JsonObject(), properties.getJsonObject("anything"), "a required name gets the empty schema");
  }

  @Test
  void anonymousCallersAndTokenHoldersSeeTheSameCapabilities() {
    assertEquals(invokePaths(document(dhii.admin())), invokePaths(document(null)));
  }

  @Test
  void disablingEnablingAndRedeployingAPluginChangeTheDocumentAtOnce() throws Exception {
    assertTrue(invokePaths(document(null)).contains("/v1/capabilities/dmail.email.send/invoke"));
    admin("dmail", "disable");
    Set<String> disabled = invokePaths(document(null));
    assertTrue(disabled.stream().noneMatch(p -> p.contains("dmail.")), disabled.toString());
    assertTrue(disabled.contains("/v1/capabilities/fx.echo/invoke"));
    admin("dmail", "enable");
    assertTrue(invokePaths(document(null)).contains("/v1/capabilities/dmail.email.send/invoke"));
    TestManifests.write(dhii.pluginDir(), "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"),
      new JsonObject().put("version", "1.0.1"));
    try {
      admin("fx", "redeploy");
      assertEquals("1.0.1", document(null).getJsonObject("paths").getJsonObject("/v1/capabilities/fx.echo/invoke")
        .getJsonObject("post").getJsonObject("x-dhii-capability").getString("pluginVersion"));
    } finally {
      TestManifests.write(dhii.pluginDir(), "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
      admin("fx", "redeploy");
    }
  }

  @Test
  void oneCapabilityIsItsListingEntryAndAnUnknownOneIsATypedNotFound() {
    HttpResponse<Buffer> one = send(dhii.http().get("/v1/capabilities/fx.echo"));
    assertEquals(200, one.statusCode(), one.bodyAsString());
    JsonObject entry = one.bodyAsJsonObject();
    assertEquals("fx.echo", entry.getString("id"));
    assertEquals("fx", entry.getString("pluginId"));
    assertTrue(entry.getJsonObject("inputSchema").getJsonObject("properties").containsKey("text"));
    assertTrue(entry.getJsonObject("outputSchema").getJsonObject("properties").containsKey("text"));
    JsonObject listed = send(dhii.http().get("/v1/capabilities")).bodyAsJsonObject().getJsonArray("capabilities")
      .stream().map(c -> (JsonObject) c).filter(c -> c.getString("id").equals("fx.echo")).findFirst().orElseThrow();
    assertEquals(listed, entry);
    HttpResponse<Buffer> unknown = send(dhii.http().get("/v1/capabilities/no.such"));
    assertEquals(404, unknown.statusCode());
    JsonObject error = unknown.bodyAsJsonObject().getJsonObject("error");
    assertEquals("NOT_FOUND", error.getString("code"));
    assertEquals("CapabilityNotFoundError", error.getString("type"));
    assertEquals("no.such", error.getString("capabilityId"));
  }

  private static void admin(String plugin, String action) throws Exception {
    HttpResponse<Buffer> response = dhii.http().post("/v1/plugins/" + plugin + "/" + action)
      .putHeader("authorization", dhii.admin()).send().await(30, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode(), response.bodyAsString());
  }
}
