package dev.dhii.api.legacy;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A capability as a Dhii-Mail v1 plugin declares it (v1's {@code Capability} dataclass).
 *
 * @param id the capability id, e.g. {@code email.send}
 * @param domain the plugin's domain, e.g. {@code email}
 * @param name a human-readable name
 * @param description what it does
 * @param inputSchema its input JSON Schema
 * @param outputSchema its output JSON Schema
 * @param sideEffects v1's side-effect labels (informational)
 * @param requiresAuth whether callers must be authenticated (v1's default: false)
 */
public record LegacyCapability(String id, String domain, String name, String description, JsonObject inputSchema,
                               JsonObject outputSchema, List<String> sideEffects, boolean requiresAuth) {

  /** Normalises missing parts: empty description and side effects, schemas accepting any object. */
  public LegacyCapability {
    description = description == null ? "" : description;
    inputSchema = inputSchema == null ? new JsonObject().put("type", "object") : inputSchema;
    outputSchema = outputSchema == null ? new JsonObject().put("type", "object") : outputSchema;
    sideEffects = sideEffects == null ? List.of() : List.copyOf(sideEffects);
  }
}
