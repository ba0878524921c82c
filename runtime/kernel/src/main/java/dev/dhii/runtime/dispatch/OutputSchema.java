package dev.dhii.runtime.dispatch;

import dev.dhii.api.PluginException;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginValidationException.Violation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The pipeline's output check, on what the plugin returned: a JSON object matching the output schema,
 * else INTERNAL (inside the breaker: a plugin that breaks its contract counts against it). A v1
 * capability's result is passed on and reported instead ({@link LenientOutput}).
 */
final class OutputSchema implements Stage {

  private final Route route;
  private final LenientOutput lenientOutput;

  OutputSchema(Route route, LenientOutput lenientOutput) {
    this.route = route;
    this.lenientOutput = lenientOutput;
  }

  @Override
  public Future<Object> run(Call call, Next next) {
    return next.run(call).map(raw -> check(raw, call.observation));
  }

  @SuppressWarnings("unchecked")
  private JsonObject check(Object raw, CallObserver.Observation observation) {
    JsonObject output;
    if (raw instanceof JsonObject json) {
      output = json;
    } else if (raw instanceof Map<?, ?> map) {
      output = new JsonObject((Map<String, Object>) map);
    } else {
      throw PluginException.of(ErrorCode.INTERNAL, "Plugin " + route.plugin().id() + " returned "
        + (raw == null ? "null" : "a " + raw.getClass().getName()) + " instead of a JSON object");
    }
    List<Violation> violations = route.binding().output().validate(output);
    if (!violations.isEmpty() && route.binding().lenient()) {
      return lenientOutput.passOn(route, output, observation);
    }
    if (!violations.isEmpty()) {
      JsonArray list = new JsonArray();
      violations.forEach(v -> list.add(v.toJson()));
      throw PluginException.of(ErrorCode.INTERNAL, "The output of " + route.binding().id()
        + " does not match its output schema: " + violations.get(0).pointer() + " " + violations.get(0).message(),
        new JsonObject().put("violations", list));
    }
    return output;
  }
}
