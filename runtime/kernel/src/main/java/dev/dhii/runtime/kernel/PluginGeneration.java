package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.PluginPolicies;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.json.JsonObject;

/**
 * One loaded generation of a plugin: what a redeploy replaces as a whole.
 *
 * @param number the generation's number (increasing across the runtime)
 * @param manifest the manifest it was loaded from
 * @param host its worker verticle
 * @param deploymentId its Vert.x deployment
 * @param policies its breaker, bulkhead, retry policy and limits
 */
public record PluginGeneration(int number, PluginManifest manifest, PluginHost host, String deploymentId,
                               PluginPolicies policies) {

  /** @return a JSON summary: number, version, calls in flight */
  public JsonObject toJson() {
    return new JsonObject().put("number", number).put("version", manifest.version()).put("active", host.active());
  }
}
