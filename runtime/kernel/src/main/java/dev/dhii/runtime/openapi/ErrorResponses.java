package dev.dhii.runtime.openapi;

import dev.dhii.api.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The error body of every route (DESIGN §7) as a schema, and the error responses: one per HTTP status the codes
 * map to ({@link ErrorCode#httpStatus()}), in {@code components/responses}, naming those codes, each with an example
 * body built by {@link ErrorCode#toBody}. Every route can also answer a request the HTTP parser refused (400, 414,
 * 431).
 */
final class ErrorResponses {

  /** The error body's component name. */
  static final String SCHEMA = "Error";
  private static final String RESPONSES = "#/components/responses/";
  private static final String PREFIX = "Error";
  /** What the HTTP server answers to a request it cannot parse, on any route. */
  private static final Map<Integer, String> MALFORMED = Map.of(
    400, "VALIDATION: the request is not valid HTTP/1.1, or its body is not the JSON the route takes",
    414, "VALIDATION: the request line is too long",
    431, "VALIDATION: the request headers are too large");

  private ErrorResponses() {
  }

  /** @return the schema of {@code {"error": {...}}} */
  static JsonObject schema() {
    JsonArray codes = new JsonArray();
    Arrays.stream(ErrorCode.values()).forEach(c -> codes.add(c.name()));
    JsonArray types = new JsonArray(Arrays.stream(ErrorCode.values()).map(ErrorCode::type).distinct()
      .collect(Collectors.toList()));
    JsonObject nullableString = new JsonObject().put("type", new JsonArray().add("string").add("null"));
    JsonObject error = new JsonObject().put("type", "object")
      .put("required", new JsonArray(List.of("type", "code", "message", "retryable", "requestId", "pluginId",
        "capabilityId", "details")))
      .put("properties", new JsonObject()
        .put("type", new JsonObject().put("type", "string").put("enum", types)
          .put("description", "The error's class, derived from the code"))
        .put("code", new JsonObject().put("type", "string").put("enum", codes)
          .put("description", "What failed; the HTTP status follows from it"))
        .put("message", new JsonObject().put("type", "string").put("description", "For people; no internals"))
        .put("retryable", new JsonObject().put("type", "boolean")
          .put("description", "Whether the same call may succeed later"))
        .put("requestId", nullableString.copy().put("description", "The call's request id (X-Request-Id)"))
        .put("pluginId", nullableString.copy().put("description", "The plugin concerned, if any"))
        .put("capabilityId", nullableString.copy().put("description", "The capability concerned, if any"))
        .put("details", new JsonObject().put("type", "object")
          .put("description", "More about the failure, e.g. the violations of a schema or retryAfterMs")));
    return new JsonObject().put("type", "object").put("required", new JsonArray().add("error"))
      .put("properties", new JsonObject().put("error", error))
      .put("description", "The error body of every route and transport");
  }

  /**
   * @param codes the codes the operation may fail with
   * @return the operation's error responses by status, the parser's refusals included: references to
   *     {@code components/responses}, which {@link #components} writes
   */
  static Map<String, JsonObject> responses(Collection<ErrorCode> codes) {
    Map<String, JsonObject> responses = new TreeMap<>();
    MALFORMED.keySet().forEach(status -> responses.put(status.toString(), ref(status)));
    codes.forEach(code -> responses.put(Integer.toString(code.httpStatus()), ref(code.httpStatus())));
    return responses;
  }

  /**
   * @param paths the document's paths
   * @return the error responses they refer to, by component name
   */
  static JsonObject components(JsonObject paths) {
    Set<Integer> used = new TreeSet<>();
    paths.forEach(item -> ((JsonObject) item.getValue()).forEach(operation -> {
      if (operation.getValue() instanceof JsonObject op && op.getValue("responses") instanceof JsonObject responses) {
        responses.forEach(r -> {
          if (r.getValue() instanceof JsonObject response && response.getString("$ref", "").startsWith(RESPONSES)) {
            used.add(Integer.parseInt(r.getKey()));
          }
        });
      }
    }));
    Map<Integer, List<ErrorCode>> byStatus = Arrays.stream(ErrorCode.values())
      .collect(Collectors.groupingBy(ErrorCode::httpStatus, TreeMap::new, Collectors.toList()));
    JsonObject components = new JsonObject();
    for (int status : used) {
      List<ErrorCode> codes = byStatus.getOrDefault(status, List.of(ErrorCode.VALIDATION));
      String text = byStatus.containsKey(status) ? codes.stream().map(ErrorCode::name).collect(Collectors.joining(", "))
        + (MALFORMED.containsKey(status) ? "; or " + MALFORMED.get(status) : "") : MALFORMED.get(status);
      JsonObject response = response(text, codes);
      if (codes.contains(ErrorCode.RATE_LIMITED)) {
        response.put("headers", new JsonObject().put("Retry-After", new JsonObject()
          .put("description", "Seconds until a call may succeed").put("schema", new JsonObject().put("type", "integer"))));
      }
      components.put(PREFIX + status, response);
    }
    return components;
  }

  private static JsonObject ref(int status) {
    return new JsonObject().put("$ref", RESPONSES + PREFIX + status);
  }

  private static JsonObject response(String description, List<ErrorCode> codes) {
    JsonObject examples = new JsonObject();
    for (ErrorCode code : codes) {
      examples.put(code.name(), new JsonObject().put("summary", code.name() + " (" + code.type() + ")")
        .put("value", code.toBody("What went wrong, for people", "9b2f6c1e-3d4a-4f5b-8c7d-1e2f3a4b5c6d", null, null,
          null)));
    }
    return new JsonObject().put("description", description)
      .put("content", new JsonObject().put("application/json", new JsonObject()
        .put("schema", new JsonObject().put("$ref", "#/components/schemas/" + SCHEMA))
        .put("examples", examples)));
  }
}
