package dev.dhii.runtime.openapi;

import dev.dhii.api.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static dev.dhii.runtime.openapi.CapabilityOperations.json;
import static dev.dhii.runtime.openapi.CapabilityOperations.ref;

/**
 * The runtime's own routes in the document: listings, health, metrics, the admin operations and this
 * document and its page. Listings and health answer anonymous callers too, with less (no failure causes,
 * messages or paths); the admin operations need a token with the admin role.
 */
final class RuntimePaths {

  static final String LISTINGS = "listings";
  static final String HEALTH = "health";
  static final String ADMIN = "admin";

  private RuntimePaths() {
  }

  /** @param paths the document's paths, which get the runtime's routes */
  static void add(JsonObject paths) {
    paths.put("/v1/plugins", get("listPlugins", "Every plugin", "Every plugin with its state, version, health,"
      + " breaker and capabilities, and the manifests that were rejected.", LISTINGS, OpenApiDocument.optionalBearer(),
      ok("The plugins", schema(OpenApiDocument.PLUGINS)), List.of(ErrorCode.INTERNAL)));
    paths.put("/v1/plugins/{pluginId}", withParameter(get("describePlugin", "One plugin", "One plugin's listing entry.",
      LISTINGS, OpenApiDocument.optionalBearer(), ok("The plugin", schema(OpenApiDocument.PLUGIN)),
      List.of(ErrorCode.NOT_FOUND, ErrorCode.INTERNAL)), "pluginId", "A plugin id"));
    paths.put("/v1/capabilities", get("listCapabilities", "Every capability", "Every capability with its input and"
      + " output schemas while its plugin serves it.", LISTINGS, OpenApiDocument.optionalBearer(),
      ok("The capabilities", schema(OpenApiDocument.CAPABILITIES)), List.of(ErrorCode.INTERNAL)));
    paths.put("/v1/capabilities/{capabilityId}", withParameter(get("describeCapability", "One capability",
      "One capability's listing entry, with both schemas while its plugin serves it.", LISTINGS,
      OpenApiDocument.optionalBearer(), ok("The capability", schema(OpenApiDocument.CAPABILITY)),
      List.of(ErrorCode.NOT_FOUND, ErrorCode.INTERNAL)), "capabilityId", "A capability id"));
    for (String action : List.of("redeploy", "disable", "enable")) {
      JsonObject item = get("" + action + "Plugin", capitalized(action) + " a plugin", adminText(action), ADMIN,
        OpenApiDocument.bearer(), ok("The plugin's new state", new JsonObject().put("type", "object")),
        List.of(ErrorCode.AUTHENTICATION, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.UNAVAILABLE,
          ErrorCode.INTERNAL));
      item.put("post", item.remove("get"));
      // the guard answers with the caller's request id
      item.getJsonObject("post").put("parameters", new JsonArray().add(ref("#/components/parameters/"
        + OpenApiDocument.REQUEST_ID)));
      paths.put("/v1/plugins/{pluginId}/" + action, withParameter(item, "pluginId", "A plugin id"));
    }
    paths.put("/v1/plugins/rescan", rescan());
    JsonObject status = new JsonObject().put("type", "object").put("properties", new JsonObject()
      .put("status", new JsonObject().put("type", "string")));
    paths.put("/health/live", get("live", "Liveness", "UP while the runtime answers.", HEALTH, none(),
      ok("Alive", status), List.of()));
    JsonObject ready = get("ready", "Readiness", "UP when every enabled plugin is READY, with each plugin's state.",
      HEALTH, none(), ok("Ready", status), List.of());
    ready.getJsonObject("get").getJsonObject("responses").put("503", new JsonObject()
      .put("description", "Not ready: some enabled plugin is not READY").put("content", json(status)));
    paths.put("/health/ready", ready);
    JsonObject health = get("health", "Health checks", "Every plugin's health check (vertx-health-check format).",
      HEALTH, OpenApiDocument.optionalBearer(), ok("Up", status), List.of());
    health.getJsonObject("get").getJsonObject("responses").put("503", new JsonObject()
      .put("description", "Some check is down").put("content", json(status)));
    paths.put("/health", health);
    JsonObject metrics = get("metrics", "Metrics", "Call counts, latencies, breakers and bulkheads in the"
      + " Prometheus text format (served when metrics are enabled).", HEALTH, none(), null, List.of(ErrorCode.NOT_FOUND));
    metrics.getJsonObject("get").getJsonObject("responses").put("200", new JsonObject().put("description", "The metrics")
      .put("content", new JsonObject().put("text/plain", new JsonObject().put("schema", new JsonObject().put("type", "string")))));
    paths.put("/metrics", metrics);
    paths.put(OpenApiRoutes.DOCUMENT, get("openapi", "This document", "The OpenAPI 3.1 document of this runtime,"
      + " generated from the capabilities it serves now.", LISTINGS, OpenApiDocument.optionalBearer(),
      ok("The document", new JsonObject().put("type", "object")), List.of()));
  }

  /** {@code POST /v1/plugins/rescan}: the plugin folders read again. */
  private static JsonObject rescan() {
    JsonObject ids = new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string"));
    JsonObject failure = new JsonObject().put("type", "object").put("required", new JsonArray().add("id").add("error"))
      .put("properties", new JsonObject().put("id", new JsonObject().put("type", "string"))
        .put("error", new JsonObject().put("type", "object").put("description", "The error body's error member")));
    JsonObject outcome = new JsonObject().put("type", "object")
      .put("required", new JsonArray().add("added").add("removed").add("redeployed").add("failed"))
      .put("properties", new JsonObject().put("added", ids).put("removed", ids.copy()).put("redeployed", ids.copy())
        .put("failed", new JsonObject().put("type", "array").put("items", failure)));
    JsonObject item = get("rescanPlugins", "Rescan the plugin folders", "Reads every plugin folder again: a new plugin"
      + " directory is discovered, resolved and started, a directory that is gone is unloaded (its calls in progress"
      + " finish first), a changed manifest is redeployed. A new plugin that cannot start is listed in failed; the"
      + " others are not disturbed.", ADMIN, OpenApiDocument.bearer(), ok("What changed", outcome),
      List.of(ErrorCode.AUTHENTICATION, ErrorCode.FORBIDDEN, ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL));
    item.put("post", item.remove("get"));
    item.getJsonObject("post").put("parameters", new JsonArray().add(ref("#/components/parameters/"
      + OpenApiDocument.REQUEST_ID)));
    return item;
  }

  private static String adminText(String action) {
    return switch (action) {
      case "redeploy" -> "Loads the plugin again from its manifest and code; calls in progress finish on the old generation.";
      case "disable" -> "Stops serving the plugin's capabilities and unloads it.";
      default -> "Loads a disabled plugin and serves its capabilities again.";
    };
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static JsonArray none() {
    return new JsonArray();
  }

  private static JsonObject schema(String component) {
    return ref("#/components/schemas/" + component);
  }

  private static JsonObject ok(String description, JsonObject schema) {
    return new JsonObject().put("description", description).put("content", json(schema));
  }

  private static JsonObject get(String operationId, String summary, String description, String tag, JsonArray security,
                                JsonObject ok, List<ErrorCode> errors) {
    JsonObject responses = new JsonObject();
    if (ok != null) {
      responses.put("200", ok);
    }
    ErrorResponses.responses(errors).forEach(responses::put);
    return new JsonObject().put("get", new JsonObject().put("operationId", operationId).put("summary", summary)
      .put("description", description).put("tags", new JsonArray().add(tag)).put("security", security)
      .put("responses", responses));
  }

  private static JsonObject withParameter(JsonObject item, String name, String description) {
    item.put("parameters", new JsonArray().add(new JsonObject().put("name", name).put("in", "path").put("required", true)
      .put("description", description).put("schema", new JsonObject().put("type", "string"))));
    return item;
  }
}
