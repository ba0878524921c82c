package dev.dhii.runtime.dispatch;

/** The capabilities served on this node, as the dispatch pipeline looks them up (the kernel's registry). */
public interface Routes {

  /** @param capabilityId a capability id @return its route if it is served here now, else null */
  Route route(String capabilityId);

  /** @param capabilityId a capability id @return the plugin whose manifest declares it, or null */
  RoutedPlugin declaring(String capabilityId);
}
