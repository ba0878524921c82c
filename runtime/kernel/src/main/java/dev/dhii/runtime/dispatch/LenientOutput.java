package dev.dhii.runtime.dispatch;

import dev.dhii.api.PluginValidationException.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The output check of v1 capabilities (issue 9): a v1 plugin's result is what v1 callers received, so it
 * is passed on. {@code null} members count as absent ({@code "error": null} where the schema says string);
 * a result that still breaks the schema is passed on too and reported: one WARN per capability (not per
 * call), the metric {@code dhii_output_schema_violations_total{plugin,capability}} and the span attribute
 * {@code dhii.output.schema_violation}. It is never a failure, so it never counts for the breaker.
 */
public final class LenientOutput {

  private static final Logger LOG = LoggerFactory.getLogger(LenientOutput.class);
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * @param route the capability's route
   * @param output a result that breaks the output schema as it is
   * @param observation the call's observation
   * @return the result, unchanged
   */
  JsonObject passOn(Route route, JsonObject output, CallObserver.Observation observation) {
    List<Violation> violations = route.binding().output().validate(withoutNulls(output));
    if (violations.isEmpty()) {
      return output;
    }
    String violation = violations.get(0).pointer() + " " + violations.get(0).message();
    observation.outputSchemaViolated(violation);
    if (warned.add(route.plugin().id() + '|' + route.binding().id())) {
      LOG.warn("v1 result passed on although it breaks its output schema pluginId={} capabilityId={}: {}"
        + " (reported once per capability; counted in dhii_output_schema_violations_total)",
        route.plugin().id(), route.binding().id(), violation);
    }
    return output;
  }

  /** @return a copy of {@code json} without its null members, at every depth (iteration wraps maps and lists) */
  public static JsonObject withoutNulls(JsonObject json) {
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> e : json) {
      Object value = e.getValue();
      if (value != null) {
        copy.put(e.getKey(), cleaned(value));
      }
    }
    return copy;
  }

  private static Object cleaned(Object value) {
    if (value instanceof JsonObject object) {
      return withoutNulls(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(item == null ? null : cleaned(item)));
      return copy;
    }
    return value;
  }
}
