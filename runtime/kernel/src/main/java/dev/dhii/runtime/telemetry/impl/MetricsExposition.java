package dev.dhii.runtime.telemetry.impl;

import dev.dhii.runtime.kernel.PluginHost;
import dev.dhii.runtime.kernel.PluginMetrics;
import dev.dhii.runtime.dispatch.PluginPolicies;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.kernel.PluginState;
import dev.dhii.runtime.resilience.BreakerState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Renders one scrape: the call series, the gauges read from the registry at scrape time (in-flight
 * calls, bulkheads, breakers, plugin states) and the plugins' own metrics. Runs on the scraping
 * thread; the hot path never waits for it.
 * <p>
 * Why a registry of our own instead of the OpenTelemetry SDK's metrics: recording there looks the
 * series up by an {@code Attributes} object on every call, and its Prometheus form would need the
 * exporter module (with its own HTTP server) or a converter for names, units and suffixes. Here a call
 * costs a few LongAdder increments on a series resolved once per capability, and the text is written
 * straight in the format Prometheus reads.
 * <p>
 * Why not Micrometer's Prometheus writer, which writes the JVM and Vert.x families after these
 * ({@link RuntimeMeters}): fed the same values, it spells bucket bounds {@code le="5.0E-4"} and
 * {@code le="1.0"} instead of {@code le="0.0005"} and {@code le="1"}, and appends {@code _total} to every
 * counter, renaming the plugins' own ({@code dhii_plugin_things} would become {@code dhii_plugin_things_total}).
 * The names and labels stay those of {@code metrics-series.txt}, which MetricsEndpointTest compares.
 */
final class MetricsExposition {

  private static final String PLUGIN_PREFIX = "dhii_plugin_";
  private static final String PLUGIN_STATE = "dhii_plugin_state";

  private MetricsExposition() {
  }

  static String render(Collection<CallSeries> calls, Map<String, LongAdder> inFlight, PluginRegistry registry) {
    PrometheusText text = new PrometheusText();
    List<CallSeries> series = new ArrayList<>(calls);
    series.sort(Comparator.comparing((CallSeries s) -> s.capabilityId).thenComparing(s -> s.pluginId));
    callCounts(text, series);
    text.family("dhii_output_schema_violations_total", "counter",
      "v1 results passed on although they break their capability's output schema.");
    for (CallSeries s : series) {
      long n = s.outputViolations.sum();
      if (n > 0) {
        text.sample("dhii_output_schema_violations_total").label("plugin", s.pluginId).label("capability", s.capabilityId)
          .value(n);
      }
    }
    durations(text, series);
    Collection<PluginRecord> plugins = registry.plugins();
    text.family("dhii_calls_in_flight", "gauge", "Calls of the plugin started and not yet answered.");
    for (PluginRecord p : plugins) {
      LongAdder n = inFlight.get(p.id());
      text.sample("dhii_calls_in_flight").label("plugin", p.id()).value(n == null ? 0 : n.sum());
    }
    text.family("dhii_bulkhead_in_flight", "gauge", "Calls holding a slot of the plugin's bulkhead.");
    for (PluginRecord p : plugins) {
      PluginPolicies policies = p.policies();
      if (policies != null) {
        text.sample("dhii_bulkhead_in_flight").label("plugin", p.id()).value(policies.bulkhead().inFlight());
      }
    }
    text.family("dhii_bulkhead_queued", "gauge", "Calls waiting for a slot of the plugin's bulkhead.");
    for (PluginRecord p : plugins) {
      PluginPolicies policies = p.policies();
      if (policies != null) {
        text.sample("dhii_bulkhead_queued").label("plugin", p.id()).value(policies.bulkhead().queued());
      }
    }
    text.family("dhii_breaker_state", "gauge", "The plugin's circuit breaker: 0 closed, 1 half-open, 2 open.");
    for (PluginRecord p : plugins) {
      PluginPolicies policies = p.policies();
      if (policies != null) {
        text.sample("dhii_breaker_state").label("plugin", p.id()).value(breakerValue(policies.breaker().state()));
      }
    }
    text.family(PLUGIN_STATE, "gauge", "The plugin's lifecycle state: 1 for the current one.");
    for (PluginRecord p : plugins) {
      PluginState current = p.state();
      for (PluginState state : PluginState.values()) {
        text.sample(PLUGIN_STATE).label("plugin", p.id()).label("state", state.name()).value(state == current ? 1 : 0);
      }
    }
    pluginMetrics(text, plugins);
    return text.toString();
  }

  private static void callCounts(PrometheusText text, List<CallSeries> series) {
    text.family("dhii_calls_total", "counter", "Capability calls by outcome (success or the error code).");
    for (CallSeries s : series) {
      for (int i = 0; i <= CallSeries.CODES.length; i++) {
        long n = s.outcome(i);
        if (n > 0) {
          text.sample("dhii_calls_total").label("plugin", s.pluginId).label("capability", s.capabilityId)
            .label("outcome", CallSeries.outcomeLabel(i)).value(n);
        }
      }
    }
  }

  private static void durations(PrometheusText text, List<CallSeries> series) {
    String name = "dhii_call_duration_seconds";
    text.family(name, "histogram", "Duration of capability calls, from admission to the answer.");
    for (CallSeries s : series) {
      long[] buckets = s.buckets();
      long cumulative = 0;
      for (int i = 0; i < CallSeries.BOUNDS_LABELS.length; i++) {
        cumulative += buckets[i];
        text.sample(name + "_bucket").label("plugin", s.pluginId).label("capability", s.capabilityId)
          .label("le", CallSeries.BOUNDS_LABELS[i]).value(cumulative);
      }
      cumulative += buckets[buckets.length - 1];
      text.sample(name + "_bucket").label("plugin", s.pluginId).label("capability", s.capabilityId)
        .label("le", "+Inf").value(cumulative);
      text.sample(name + "_sum").label("plugin", s.pluginId).label("capability", s.capabilityId).value(s.sumSeconds());
      text.sample(name + "_count").label("plugin", s.pluginId).label("capability", s.capabilityId).value(cumulative);
    }
  }

  private static int breakerValue(BreakerState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** One family of the plugins' own metrics, with the sample names it claims. */
  private record Family(String type, String help, List<String> lines) {
  }

  /**
   * The plugins' own counters and distributions ({@code PluginTelemetry}), grouped by family across
   * plugins. A family whose name or type clashes with one already written (the runtime's
   * {@code dhii_plugin_state}, or the same name with another type in another plugin) is left out rather
   * than making the whole exposition invalid.
   */
  private static void pluginMetrics(PrometheusText text, Collection<PluginRecord> plugins) {
    Map<String, Family> families = new TreeMap<>();
    Set<String> claimed = new HashSet<>(List.of(PLUGIN_STATE));
    for (PluginRecord p : plugins) {
      PluginHost host = p.host();
      if (host == null) {
        continue;
      }
      PluginMetrics metrics = host.metrics();
      String plugin = "plugin=\"" + escape(p.id()) + '"';
      metrics.counters().forEach((key, adder) -> {
        int brace = key.indexOf('{');
        String name = PLUGIN_PREFIX + (brace < 0 ? key : key.substring(0, brace));
        Family family = family(families, claimed, name, "counter", List.of(name));
        if (family != null) {
          family.lines().add(name + '{' + plugin + extraLabels(key, brace) + "} " + adder.sum());
        }
      });
      metrics.summaries().forEach((key, summary) -> {
        int brace = key.indexOf('{');
        String name = PLUGIN_PREFIX + (brace < 0 ? key : key.substring(0, brace));
        Family family = family(families, claimed, name, "summary", List.of(name + "_sum", name + "_count"));
        if (family != null) {
          String labels = '{' + plugin + extraLabels(key, brace) + "} ";
          family.lines().add(name + "_sum" + labels + PrometheusText.format(summary.sum().sum()));
          family.lines().add(name + "_count" + labels + summary.count().sum());
        }
      });
    }
    families.forEach((name, family) -> {
      text.family(name, family.type(), family.help());
      family.lines().stream().sorted().forEach(text::line);
    });
  }

  private static Family family(Map<String, Family> families, Set<String> claimed, String name, String type,
                               List<String> samples) {
    Family family = families.get(name);
    if (family != null) {
      return family.type().equals(type) ? family : null;
    }
    if (claimed.contains(name) || samples.stream().anyMatch(claimed::contains)) {
      return null;
    }
    claimed.add(name);
    claimed.addAll(samples);
    family = new Family(type, "A plugin's own " + type + " (PluginTelemetry).", new ArrayList<>());
    families.put(name, family);
    return family;
  }

  private static String extraLabels(String key, int brace) {
    return brace < 0 ? "" : "," + key.substring(brace + 1, key.length() - 1);
  }

  private static String escape(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 8);
    PrometheusText.escape(value, sb);
    return sb.toString();
  }
}
