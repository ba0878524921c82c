package dev.dhii.runtime.kernel;

import dev.dhii.api.PluginTelemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * A plugin's own metrics ({@link PluginTelemetry}), kept in memory per plugin and label set, and
 * read by the metrics endpoint. Names and label names follow Prometheus' rules; the label {@code plugin}
 * is the runtime's (it carries the plugin id). Thread-safe.
 */
public final class PluginMetrics implements PluginTelemetry {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /**
   * A distribution's running count and sum.
   *
   * @param count observations
   * @param sum their sum
   */
  public record Summary(LongAdder count, DoubleAdder sum) {
  }

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, Summary> summaries = new ConcurrentHashMap<>();

  @Override
  public void count(String name, long delta, Map<String, String> attributes) {
    if (delta < 0) {
      throw new IllegalArgumentException("A counter only grows: " + delta);
    }
    counters.computeIfAbsent(key(name, attributes), k -> new LongAdder()).add(delta);
  }

  @Override
  public void record(String name, double value, Map<String, String> attributes) {
    Summary s = summaries.computeIfAbsent(key(name, attributes), k -> new Summary(new LongAdder(), new DoubleAdder()));
    s.count().increment();
    s.sum().add(value);
  }

  /** @return counters by {@code name{labels}} */
  public Map<String, LongAdder> counters() {
    return counters;
  }

  /** @return distributions by {@code name{labels}} */
  public Map<String, Summary> summaries() {
    return summaries;
  }

  private static String key(String name, Map<String, String> attributes) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Metric names are [a-zA-Z_][a-zA-Z0-9_]*: " + name);
    }
    if (attributes == null || attributes.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('{');
    new TreeMap<>(attributes).forEach((k, v) -> {
      if (!NAME.matcher(k).matches() || k.startsWith("__") || k.equals("plugin")) {
        throw new IllegalArgumentException("Label names are [a-zA-Z_][a-zA-Z0-9_]*, not plugin nor __*: " + k);
      }
      String value = v == null ? "" : v;
      sb.append(k).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\",");
    });
    sb.setLength(sb.length() - 1);
    return sb.append('}').toString();
  }
}
