package dev.dhii.runtime.dispatch;

import io.vertx.core.json.JsonObject;

/**
 * A successful call.
 *
 * @param output the validated output
 * @param requestId the call's request id
 * @param pluginId the plugin that served it
 * @param attempts how many attempts it took (1 without retries)
 */
public record CallResult(JsonObject output, String requestId, String pluginId, int attempts) {
}
