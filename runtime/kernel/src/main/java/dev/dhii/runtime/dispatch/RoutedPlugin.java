package dev.dhii.runtime.dispatch;

/** What the dispatch pipeline reads of a plugin: its id, and its lifecycle state for the UNAVAILABLE message. */
public interface RoutedPlugin {

  /** @return the plugin id */
  String id();

  /** @return the lifecycle state ({@code kernel.PluginState}) */
  Enum<?> state();
}
