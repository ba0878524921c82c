package dev.dhii.runtime.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * The runtime's OpenAPI 3.1 document, built from a capability listing ({@code {"capabilities": [...]}}, as
 * {@code GET /v1/capabilities} answers it): every capability its plugin serves now (an entry with schemas) is an
 * operation on its invoke route; a capability whose plugin is loading, failed or disabled has no schemas and no
 * operation until it is served again. Then the runtime's own routes, the error body, the bearer scheme.
 */
public final class OpenApiDocument {

  /** The OpenAPI version the document follows. */
  public static final String VERSION = "3.1.0";
  static final String BEARER = "bearer";
  static final String REQUEST_ID = "RequestId";
  static final String TIMEOUT = "TimeoutMs";
  static final String PLUGINS = "PluginListing";
  static final String PLUGIN = "Plugin";
  static final String CAPABILITIES = "CapabilityListing";
  static final String CAPABILITY = "Capability";

  private OpenApiDocument() {
  }

  /**
   * @param listing the capability listing the caller may see
   * @return the document; its server is {@code /}, the runtime the document was fetched from
   */
  public static JsonObject build(JsonObject listing) {
    JsonObject schemas = new JsonObject();
    JsonObject paths = new JsonObject();
    Map<String, String> plugins = new TreeMap<>();
    for (Object item : listing.getJsonArray("capabilities", new JsonArray())) {
      if (item instanceof JsonObject entry && served(entry)) {
        String path = CapabilityOperations.path(entry.getString("id"));
        if (!paths.containsKey(path)) {
          paths.put(path, CapabilityOperations.pathItem(entry, schemas));
          plugins.putIfAbsent(entry.getString("pluginId", "capabilities"), entry.getString("pluginVersion", ""));
        }
      }
    }
    RuntimePaths.add(paths);
    JsonArray tags = new JsonArray();
    plugins.forEach((id, version) -> tags.add(new JsonObject().put("name", id)
      .put("description", "The capabilities of plugin " + id + (version.isEmpty() ? "" : " " + version))));
    tags.add(tag(RuntimePaths.LISTINGS, "Plugins, capabilities and their schemas"))
      .add(tag(RuntimePaths.HEALTH, "Liveness, readiness, health checks and metrics"))
      .add(tag(RuntimePaths.ADMIN, "The operator's operations (admin role)"));
    schemas.put(ErrorResponses.SCHEMA, ErrorResponses.schema());
    ListingSchemas.schemas().forEach(schemas::put);
    return new JsonObject()
      .put("openapi", VERSION)
      .put("info", new JsonObject().put("title", "Dhii plugin runtime").put("version", "1.0.0")
        .put("description", "Every capability the runtime serves now, on its invoke route, with its input and output"
          + " schemas; the listings, health and admin routes. Generated from the plugin registry on each request, so"
          + " it follows every deploy, redeploy, enable and disable. Every failure has the error body of"
          + " `#/components/schemas/Error`."))
      .put("servers", new JsonArray().add(new JsonObject().put("url", "/")
        .put("description", "This runtime")))
      .put("security", optionalBearer())
      .put("tags", tags)
      .put("paths", paths)
      .put("components", new JsonObject()
        .put("securitySchemes", new JsonObject().put(BEARER, new JsonObject().put("type", "http").put("scheme", "bearer")
          .put("bearerFormat", "JWT")
          .put("description", "A JWT signed with the runtime's key (`dhii token --sub USER [--role admin]`)")))
        .put("parameters", parameters(!plugins.isEmpty()))
        .put("responses", ErrorResponses.components(paths))
        .put("schemas", sorted(schemas)));
  }

  /** @param capabilities whether any capability is served (only invoke routes take a deadline) @return the headers */
  private static JsonObject parameters(boolean capabilities) {
    JsonObject parameters = new JsonObject().put(REQUEST_ID, header("X-Request-Id", "The call's request id; generated"
      + " when absent, blank or over 200 characters", new JsonObject().put("type", "string").put("maxLength", 200)));
    if (capabilities) {
      parameters.put(TIMEOUT, header("X-Timeout-Ms", "The call's deadline in milliseconds, at most the capability's own",
        new JsonObject().put("type", "integer").put("minimum", 1)));
    }
    return parameters;
  }

  /** @return security for routes that need a token */
  static JsonArray bearer() {
    return new JsonArray().add(new JsonObject().put(BEARER, new JsonArray()));
  }

  /** @return security for routes that take a token but answer without one too */
  static JsonArray optionalBearer() {
    return new JsonArray().add(new JsonObject()).add(new JsonObject().put(BEARER, new JsonArray()));
  }

  private static boolean served(JsonObject entry) {
    return entry.getValue("id") instanceof String id && !id.isBlank() && entry.containsKey("inputSchema")
      && entry.containsKey("outputSchema");
  }

  private static JsonObject tag(String name, String description) {
    return new JsonObject().put("name", name).put("description", description);
  }

  private static JsonObject header(String name, String description, JsonObject schema) {
    return new JsonObject().put("name", name).put("in", "header").put("required", false).put("description", description)
      .put("schema", schema);
  }

  private static JsonObject sorted(JsonObject schemas) {
    return new JsonObject(new java.util.LinkedHashMap<>(new TreeMap<>(schemas.getMap())));
  }
}
