package dev.dhii.runtime.kernel;

/** The lifecycle states of a plugin (DESIGN §5). */
public enum PluginState {
  /** Its manifest was read. */
  DISCOVERED,
  /** Its imports are satisfied; waiting for its turn to load. */
  RESOLVED,
  /** onLoad / onReady are running. */
  LOADING,
  /** Serving calls. */
  READY,
  /** Finishing its in-flight calls before unloading. */
  DRAINING,
  /** Stopped (shut down or disabled). */
  UNLOADED,
  /** Could not be resolved, loaded or started; see the cause. */
  FAILED
}
