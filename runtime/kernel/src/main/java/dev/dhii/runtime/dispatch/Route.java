package dev.dhii.runtime.dispatch;

/**
 * Where a capability call goes, as the dispatch pipeline sees it: the kernel's route
 * ({@code kernel.PluginRegistry.Route}) is one, with its own record and generation types.
 */
public interface Route {

  /** @return the plugin serving the capability */
  RoutedPlugin plugin();

  /** @return the generation that runs the call */
  CallTarget host();

  /** @return the capability and its validators */
  CapabilityBinding binding();

  /** @return the plugin's policies */
  PluginPolicies policies();

  /** @return the call pipeline assembled for this route when it was published, or null (assembled on use) */
  default Pipeline pipeline() {
    return null;
  }
}
