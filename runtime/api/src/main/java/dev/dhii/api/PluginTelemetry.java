package dev.dhii.api;

import java.util.Map;

/**
 * A plugin's handle on the runtime's metrics. Every capability call is already traced and measured by
 * the runtime; use this for plugin-specific figures (messages sent, cache hits, ...). Metric names are
 * prefixed with {@code dhii_plugin_} and labelled with the plugin id.
 */
public interface PluginTelemetry {

  /**
   * Adds {@code delta} to a monotonic counter.
   *
   * @param name the counter's name, e.g. {@code messages_sent}
   * @param delta the amount to add, at least 0
   * @param attributes extra labels, may be empty
   */
  void count(String name, long delta, Map<String, String> attributes);

  /**
   * Records one value of a distribution (a duration, a size).
   *
   * @param name the histogram's name
   * @param value the observed value
   * @param attributes extra labels, may be empty
   */
  void record(String name, double value, Map<String, String> attributes);
}
