package dev.dhii.runtime.dispatch;

import dev.dhii.api.PluginException;
import dev.dhii.api.Capability;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginValidationException;
import dev.dhii.api.PluginValidationException.Violation;
import dev.dhii.runtime.resilience.RateLimitedException;
import dev.dhii.runtime.resilience.RateLimiter;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The pipeline's checks before any plugin code runs; each throws its typed error (DESIGN §7). */
final class Checks {

  private Checks() {
  }

  /** @param route the route @return the input is a JSON object no larger than the plugin accepts */
  static Stage size(Route route) {
    long max = route.policies().limits().maxPayloadBytes();
    String pluginId = route.plugin().id();
    return Stage.check(call -> {
      if (!(call.request.input() instanceof JsonObject params)) {
        throw PluginException.of(ErrorCode.VALIDATION, "The input must be a JSON object");
      }
      long size = call.request.payloadBytes() >= 0 ? call.request.payloadBytes() : JsonSize.of(params, max);
      if (size > max) {
        throw PluginException.of(ErrorCode.PAYLOAD_TOO_LARGE, "The input is larger than the " + max
          + " bytes plugin " + pluginId + " accepts", new JsonObject().put("maxPayloadBytes", max));
      }
      call.params = params;
    });
  }

  /** @param capability a capability that requires auth @return the call has an authenticated user */
  static Stage authenticated(Capability<?, ?> capability) {
    return Stage.check(call -> {
      if (call.request.userId() == null) {
        throw PluginException.of(ErrorCode.AUTHENTICATION, capability.id() + " requires an authenticated caller");
      }
    });
  }

  /**
   * @param capability a capability with a rate limit
   * @param limiter the runtime's limiter
   * @return the caller (user, else client address) is under the capability's calls a minute
   */
  static Stage rateLimit(Capability<?, ?> capability, RateLimiter limiter) {
    int perMinute = capability.rateLimitPerMinute();
    return Stage.check(call -> {
      CallRequest request = call.request;
      String who = request.userId() != null ? "user:" + request.userId()
        : "client:" + (request.clientKey() == null ? "anonymous" : request.clientKey());
      long waitMs = limiter.tryAcquire(capability.id() + '|' + who, perMinute);
      if (waitMs > 0) {
        throw new RateLimitedException("Rate limit of " + perMinute + " calls a minute reached for " + capability.id(),
          waitMs);
      }
    });
  }

  /** @param binding the capability's validators @return the input matches the input schema */
  static Stage inputSchema(CapabilityBinding binding) {
    String id = binding.capability().id();
    return Stage.check(call -> {
      List<Violation> violations = binding.input().validate(call.params);
      if (!violations.isEmpty()) {
        throw new PluginValidationException("The input does not match the input schema of " + id
          + ": " + violations.get(0).pointer() + " " + violations.get(0).message(), violations);
      }
    });
  }
}
