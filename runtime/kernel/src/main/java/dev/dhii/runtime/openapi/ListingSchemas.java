package dev.dhii.runtime.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The schemas of the listings ({@code /v1/plugins}, {@code /v1/capabilities} and their single entries): the
 * members every entry has; entries carry more (figures, and when clustered the nodes serving them).
 */
final class ListingSchemas {

  private ListingSchemas() {
  }

  static Map<String, JsonObject> schemas() {
    Map<String, JsonObject> schemas = new LinkedHashMap<>();
    schemas.put(OpenApiDocument.CAPABILITY, object("A capability: with both schemas while its plugin serves it",
      new JsonObject()
        .put("id", string()).put("name", string()).put("description", string())
        .put("tags", new JsonObject().put("type", "array").put("items", string()))
        .put("requiresAuth", type("boolean")).put("rateLimitPerMinute", type("integer")).put("idempotent", type("boolean"))
        .put("timeoutMs", new JsonObject().put("type", new JsonArray().add("integer").add("null")))
        .put("inputSchema", new JsonObject().put("description", "JSON Schema (draft 2020-12) of the input"))
        .put("outputSchema", new JsonObject().put("description", "JSON Schema (draft 2020-12) of the output"))
        .put("pluginId", string()).put("pluginVersion", string())
        .put("state", string().put("description", "The plugin's state, e.g. READY, LOADING, FAILED, DISABLED")),
      "id", "pluginId", "state"));
    schemas.put(OpenApiDocument.CAPABILITIES, object("Every capability", new JsonObject()
      .put("capabilities", array(OpenApiDocument.CAPABILITY)), "capabilities"));
    schemas.put(OpenApiDocument.PLUGIN, object("A plugin", new JsonObject()
      .put("id", string()).put("name", string()).put("version", string()).put("description", string())
      .put("runtime", string()).put("enabled", type("boolean")).put("state", string())
      .put("capabilities", new JsonObject().put("type", "array").put("items", string())), "id", "state"));
    schemas.put(OpenApiDocument.PLUGINS, object("Every plugin, and the manifests that were rejected", new JsonObject()
      .put("plugins", array(OpenApiDocument.PLUGIN))
      .put("rejected", new JsonObject().put("type", "array").put("items", type("object"))), "plugins"));
    return schemas;
  }

  private static JsonObject object(String description, JsonObject properties, String... required) {
    return new JsonObject().put("type", "object").put("description", description).put("properties", properties)
      .put("required", new JsonArray(java.util.List.of(required)));
  }

  private static JsonObject array(String component) {
    return new JsonObject().put("type", "array").put("items", new JsonObject().put("$ref", "#/components/schemas/" + component));
  }

  private static JsonObject string() {
    return type("string");
  }

  private static JsonObject type(String type) {
    return new JsonObject().put("type", type);
  }
}
