package dev.dhii.runtime.openapi;

import dev.dhii.api.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * One capability as an operation: {@code POST /v1/capabilities/{id}/invoke} with the capability's input schema
 * as the request body, {@code {"requestId", "result"}} with its output schema as the 200 response, and an error
 * response for every status its call can fail with. Its schemas go into {@code components/schemas} as
 * {@code <id>.Input} and {@code <id>.Output}.
 */
final class CapabilityOperations {

  private CapabilityOperations() {
  }

  /** @param capabilityId a capability id @return its invoke route */
  static String path(String capabilityId) {
    return "/v1/capabilities/" + capabilityId + "/invoke";
  }

  /** @param capabilityId a capability id @return a component name made of it, as OpenAPI allows them */
  static String componentName(String capabilityId) {
    return capabilityId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * @param entry the capability's listing entry (with both schemas)
   * @param schemas {@code components/schemas}, which gets the capability's two schemas
   * @return the path item
   */
  static JsonObject pathItem(JsonObject entry, JsonObject schemas) {
    String id = entry.getString("id");
    String name = componentName(id);
    String input = name + ".Input";
    String output = name + ".Output";
    schemas.put(input, SchemaObjects.component(entry.getValue("inputSchema"), input));
    schemas.put(output, SchemaObjects.component(entry.getValue("outputSchema"), output));
    String pluginId = entry.getString("pluginId");
    boolean auth = entry.getBoolean("requiresAuth", true);
    JsonObject operation = new JsonObject()
      .put("operationId", "invoke." + name)
      .put("summary", summary(entry))
      .put("description", description(entry, auth))
      .put("tags", new JsonArray().add(pluginId == null ? "capabilities" : pluginId))
      .put("security", auth ? OpenApiDocument.bearer() : OpenApiDocument.optionalBearer())
      .put("parameters", new JsonArray()
        .add(ref("#/components/parameters/" + OpenApiDocument.REQUEST_ID))
        .add(ref("#/components/parameters/" + OpenApiDocument.TIMEOUT)))
      .put("requestBody", new JsonObject().put("required", true).put("description", "The capability's input")
        .put("content", json(ref("#/components/schemas/" + input))))
      .put("responses", responses(entry, output))
      .put("x-dhii-capability", extension(entry));
    return new JsonObject().put("post", operation);
  }

  private static JsonObject responses(JsonObject entry, String output) {
    JsonObject result = new JsonObject().put("type", "object")
      .put("required", new JsonArray().add("requestId").add("result"))
      .put("properties", new JsonObject()
        .put("requestId", new JsonObject().put("type", "string"))
        .put("result", ref("#/components/schemas/" + output)));
    JsonObject ok = new JsonObject().put("description", "The capability's output")
      .put("headers", new JsonObject()
        .put("X-Request-Id", header("The call's request id", "string"))
        .put("X-Dhii-Attempts", header("How many attempts the call took (retries of network failures)", "integer")))
      .put("content", json(result));
    JsonObject responses = new JsonObject().put("200", ok);
    List<ErrorCode> codes = Arrays.asList(ErrorCode.values());
    ErrorResponses.responses(codes).forEach(responses::put);
    return responses;
  }

  private static String summary(JsonObject entry) {
    String name = entry.getString("name");
    return name == null || name.isBlank() ? entry.getString("id") : name;
  }

  private static String description(JsonObject entry, boolean auth) {
    String text = entry.getString("description", "");
    StringBuilder b = new StringBuilder(text.isBlank() ? "Invokes " + entry.getString("id") + "." : text);
    b.append("\n\nCapability `").append(entry.getString("id")).append("` of plugin `").append(entry.getString("pluginId"))
      .append("` ").append(entry.getString("pluginVersion", "")).append(auth ? "; needs a bearer token." : "; open to anonymous callers.");
    Integer limit = entry.getInteger("rateLimitPerMinute");
    if (limit != null && limit > 0) {
      b.append(" At most ").append(limit).append(" calls a minute per user.");
    }
    if (entry.getValue("timeoutMs") instanceof Number ms) {
      b.append(" Calls last at most ").append(ms).append(" ms.");
    }
    if (entry.getBoolean("idempotent", false)) {
      b.append(" Idempotent: network failures are retried.");
    }
    return b.toString();
  }

  private static JsonObject extension(JsonObject entry) {
    JsonObject x = new JsonObject();
    for (String key : List.of("pluginId", "pluginVersion", "state", "idempotent", "rateLimitPerMinute", "timeoutMs",
      "tags", "nodes")) {
      if (entry.getValue(key) != null) {
        x.put(key, entry.getValue(key));
      }
    }
    return x;
  }

  static JsonObject ref(String target) {
    return new JsonObject().put("$ref", target);
  }

  static JsonObject json(JsonObject schema) {
    return new JsonObject().put("application/json", new JsonObject().put("schema", schema));
  }

  static JsonObject header(String description, String type) {
    return new JsonObject().put("description", description).put("schema", new JsonObject().put("type", type));
  }
}
