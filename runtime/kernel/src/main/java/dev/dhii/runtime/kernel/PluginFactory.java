package dev.dhii.runtime.kernel;

import dev.dhii.api.Capability;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginConfigurationException;
import dev.dhii.api.legacy.DomainModule;
import dev.dhii.api.legacy.LegacyAdapter;
import dev.dhii.runtime.dispatch.CapabilityBinding;
import dev.dhii.runtime.manifest.CapabilityDiff;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.manifest.PluginRuntime;
import dev.dhii.runtime.process.ProcessPlugin;
import dev.dhii.runtime.process.ProcessSupport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a generation's plugin and binds what it provides, for {@link PluginHost}: instantiation of the
 * manifest's entrypoint (or the process plugin, or a v1 module behind its adapter), then its capabilities
 * checked against the manifest, with their schemas compiled. Both run on the generation's worker with its
 * class loader as the context class loader.
 */
final class PluginFactory {

  private PluginFactory() {
  }

  /**
   * @param manifest the plugin's manifest
   * @param loader the generation's class loader (the thread's context class loader while this runs)
   * @param processes what a process plugin needs
   * @return the plugin: a {@link ProcessPlugin}, the entrypoint's instance, or a v1 module behind its adapter
   * @throws PluginConfigurationException for an entrypoint that cannot be loaded, does not implement the
   *     contract of its apiVersion, or cannot be constructed
   */
  static Plugin instantiate(PluginManifest manifest, ClassLoader loader, ProcessSupport processes) throws Exception {
    if (manifest.runtime() == PluginRuntime.PROCESS) {
      return new ProcessPlugin(manifest, processes);
    }
    Class<?> type;
    try {
      type = Class.forName(manifest.entrypoint(), true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new PluginConfigurationException("Entrypoint " + manifest.entrypoint() + " cannot be loaded: " + e, e);
    }
    boolean legacy = manifest.apiVersion() == 1;
    Class<?> contract = legacy ? DomainModule.class : Plugin.class;
    if (!contract.isAssignableFrom(type)) {
      throw new PluginConfigurationException("Entrypoint " + type.getName() + " does not implement " + contract.getName()
        + " (apiVersion " + manifest.apiVersion() + ")");
    }
    try {
      Object instance = type.getConstructor().newInstance();
      // a v1 plugin runs unchanged behind the adapter, with every policy and telemetry of a v2 one
      return legacy ? new LegacyAdapter((DomainModule) instance) : (Plugin) instance;
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new PluginConfigurationException("The constructor of " + type.getName() + " threw " + cause, cause);
    } catch (NoSuchMethodException e) {
      throw new PluginConfigurationException("Entrypoint " + type.getName() + " has no public no-arg constructor", e);
    }
  }

  /**
   * @param manifest the plugin's manifest
   * @param plugin the plugin, loaded
   * @param provided its {@code capabilities()}
   * @return each capability with its compiled validators, by id
   * @throws PluginConfigurationException for no list, a capability provided twice, or a list that differs
   *     from the manifest's (a Dhii-Mail manifest: a warning, the code's list is served)
   */
  static Map<String, CapabilityBinding> bind(PluginManifest manifest, Plugin plugin, List<Capability<?, ?>> provided) {
    if (provided == null) {
      throw new PluginConfigurationException("capabilities() returned null");
    }
    Map<String, CapabilityBinding> bound = new LinkedHashMap<>();
    for (Capability<?, ?> capability : provided) {
      // v1 results are passed on leniently (issue 9): a v1 manifest, or a process capability announced as v1
      boolean lenient = manifest.apiVersion() == 1 || plugin instanceof ProcessPlugin p && p.lenient(capability.id());
      if (bound.put(capability.id(), CapabilityBinding.of(capability, lenient)) != null) {
        throw new PluginConfigurationException("Capability " + capability.id() + " is provided twice");
      }
    }
    CapabilityDiff diff = CapabilityDiff.of(manifest.capabilities(), bound.keySet());
    if (!diff.none() && manifest.compat().capabilitiesFromCode()) {
      // a Dhii-Mail-format manifest: what the code announces is served (as Dhii-Mail's kernels did)
      org.slf4j.LoggerFactory.getLogger(PluginHost.class).warn("plugin {} serves the capabilities its code announces,"
        + " not those of its Dhii-Mail manifest: declared but not provided {}, provided but not declared {}",
        manifest.id(), diff.missing(), diff.undeclared());
    } else if (!diff.none()) {
      throw new PluginConfigurationException("Capabilities differ from the manifest: declared but not provided "
        + diff.missing() + ", provided but not declared " + diff.undeclared());
    }
    return Collections.unmodifiableMap(bound);
  }
}
