package dev.dhii.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;

import java.nio.file.Path;

/**
 * The narrow view of the runtime a plugin gets in {@link Plugin#onLoad}. It exposes nothing of the
 * kernel beyond what is listed here.
 */
public interface PluginContext {

  /** @return the plugin's id, as in its manifest */
  String pluginId();

  /** @return the plugin's version, as in its manifest */
  String version();

  /** @return the plugin's configuration: the manifest's {@code config} merged with operator overrides */
  JsonObject config();

  /** @return a directory private to this plugin that survives restarts and redeploys (created on demand) */
  Path dataDirectory();

  /** @return a logger named after the plugin; the runtime adds the request id to log lines of calls */
  Logger logger();

  /** @return the plugin's metrics handle */
  PluginTelemetry telemetry();

  /** @return the Vert.x instance, for timers, clients and the event bus */
  Vertx vertx();

  /**
   * Calls a capability of another plugin that this plugin {@code imports} in its manifest, through the
   * full dispatch pipeline (validation, breaker, deadline). The call inherits {@code ctx}'s request id,
   * user and remaining deadline.
   *
   * @param capabilityId the capability to call
   * @param params its input
   * @param ctx the context of the call being served, or {@code null} for a call of the plugin's own
   * @return a Future of the capability's output, failed with a {@link PluginException} on error
   */
  Future<JsonObject> invoke(String capabilityId, JsonObject params, ExecutionContext ctx);
}
