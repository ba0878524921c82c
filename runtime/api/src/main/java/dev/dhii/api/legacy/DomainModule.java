package dev.dhii.api.legacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The Dhii-Mail v1 plugin contract ({@code DomainModule}) in Java. A class implementing it, named as the
 * {@code entrypoint} of a manifest with {@code "apiVersion": 1}, runs unchanged inside the v2 runtime
 * through the {@link LegacyAdapter}, with the same policies, validation and telemetry as a v2 plugin.
 */
public interface DomainModule {

  /** @return the plugin's domain, e.g. {@code calendar} */
  String domain();

  /** @return the capabilities it provides, with their JSON Schemas */
  List<LegacyCapability> capabilities();

  /** @return a Future of whether initialisation succeeded ({@code false} fails the plugin) */
  Future<Boolean> initialize();

  /** @return a Future of whether shutdown succeeded */
  Future<Boolean> shutdown();

  /**
   * Executes one capability. v1 plugins report failures in their result ({@code {"success": false,
   * "error": ...}}) rather than by failing; that result is passed on as it is.
   *
   * @param capabilityId the capability
   * @param params its input, validated against its input schema
   * @return a Future of the result
   */
  Future<JsonObject> executeCapability(String capabilityId, JsonObject params);
}
