package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.PluginPolicies;
import dev.dhii.runtime.dispatch.RoutedPlugin;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The kernel's record of one plugin: its manifest, lifecycle state and, while loaded, its current
 * generation and policies. Fields are written by the kernel's event loop and read from any thread.
 */
public final class PluginRecord implements RoutedPlugin {

  private final String id;
  private volatile PluginManifest manifest;
  private volatile PluginState state = PluginState.DISCOVERED;
  private volatile String cause;
  private volatile PluginGeneration generation;
  private volatile Boolean operatorEnabled;

  PluginRecord(PluginManifest manifest) {
    this.id = manifest.id();
    this.manifest = manifest;
  }

  /** @return the plugin id */
  @Override
  public String id() {
    return id;
  }

  /** @return the manifest of the current (or last attempted) generation */
  public PluginManifest manifest() {
    return manifest;
  }

  /** @return the lifecycle state */
  @Override
  public PluginState state() {
    return state;
  }

  /** @return why the plugin FAILED (or is degraded), or null */
  public String cause() {
    return cause;
  }

  /** @return the serving generation, or null */
  public PluginGeneration generation() {
    return generation;
  }

  /** @return the serving generation's host, or null */
  public PluginHost host() {
    PluginGeneration g = generation;
    return g == null ? null : g.host();
  }

  /** @return the serving generation's policies, or null */
  public PluginPolicies policies() {
    PluginGeneration g = generation;
    return g == null ? null : g.policies();
  }

  /** @return whether the plugin should run: as an operator last said (enable/disable), else as its manifest says */
  public boolean enabled() {
    Boolean operator = operatorEnabled;
    return operator != null ? operator : manifest.enabled();
  }

  void disabled(boolean disabled) {
    this.operatorEnabled = !disabled;
  }

  void manifest(PluginManifest manifest) {
    this.manifest = manifest;
  }

  void state(PluginState state, String cause) {
    this.state = state;
    this.cause = cause;
  }

  void serve(PluginGeneration generation) {
    this.generation = generation;
  }

  /** @return the listing form: id, name, version, state, cause, capabilities, limits, breaker, load */
  public JsonObject toJson() {
    PluginManifest m = manifest;
    PluginGeneration g = generation;
    PluginHost h = g == null ? null : g.host();
    PluginPolicies p = g == null ? null : g.policies();
    JsonObject json = new JsonObject()
      .put("id", id).put("name", m.name()).put("version", m.version()).put("description", m.description())
      .put("runtime", m.runtime().name().toLowerCase()).put("apiVersion", m.apiVersion())
      .put("enabled", enabled()).put("state", state.name()).put("cause", cause)
      .put("imports", new JsonObject(new java.util.LinkedHashMap<>(m.imports())))
      .put("capabilities", new JsonArray(m.capabilities()));
    if (p != null) {
      json.put("resources", p.limits().toJson()).put("breaker", p.breaker().toJson())
        .put("bulkhead", new JsonObject().put("inFlight", p.bulkhead().inFlight()).put("queued", p.bulkhead().queued()));
    }
    if (h != null) {
      json.put("calls", h.toJson()).put("generation", g.number()).put("isolation", h.isolation());
    }
    return json;
  }
}
