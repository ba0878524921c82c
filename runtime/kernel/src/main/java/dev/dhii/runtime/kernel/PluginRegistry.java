package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.PluginPolicies;
import dev.dhii.runtime.dispatch.CapabilityBinding;
import dev.dhii.runtime.dispatch.Pipeline;
import dev.dhii.runtime.manifest.ManifestProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * What the kernel knows: every plugin by id, and the route of every served capability to the
 * generation serving it. Thread-safe; the kernel writes, dispatch and bridges read.
 */
public final class PluginRegistry implements dev.dhii.runtime.dispatch.Routes {

  /**
   * Where a capability call goes.
   *
   * @param plugin the plugin's record
   * @param host the generation serving it
   * @param binding the capability and its validators
   * @param policies the plugin's policies
   * @param pipeline the call pipeline assembled for it when it was published, or null
   */
  public record Route(PluginRecord plugin, PluginHost host, CapabilityBinding binding, PluginPolicies policies,
                      Pipeline pipeline) implements dev.dhii.runtime.dispatch.Route {
  }

  private volatile Function<dev.dhii.runtime.dispatch.Route, Pipeline> assembler = route -> null;

  private final Map<String, PluginRecord> plugins = new ConcurrentSkipListMap<>();
  /** Copy-on-write: a redeploy swaps all of a plugin's routes at once (added and dropped capabilities included). */
  private volatile Map<String, Route> routes = Map.of();
  private final Map<String, String> declaredBy = new ConcurrentHashMap<>();
  private final List<ManifestProblem> rejected = new CopyOnWriteArrayList<>();

  /** @param id a plugin id @return its record, or null */
  public PluginRecord plugin(String id) {
    return plugins.get(id);
  }

  /** @return every plugin, sorted by id */
  public Collection<PluginRecord> plugins() {
    return plugins.values();
  }

  /**
   * @return the ids of the enabled plugins that are not READY, sorted: the runtime is ready (what
   *     {@code GET /health/ready} answers 200 for) when there are none
   */
  public List<String> notReady() {
    return plugins.values().stream().filter(p -> p.enabled() && p.state() != PluginState.READY)
      .map(PluginRecord::id).toList();
  }

  /** @param capabilityId a capability id @return its route if it is served here now, else null */
  @Override
  public Route route(String capabilityId) {
    return routes.get(capabilityId);
  }

  /** @param capabilityId a capability id @return the plugin whose manifest declares it, or null */
  @Override
  public PluginRecord declaring(String capabilityId) {
    String pluginId = declaredBy.get(capabilityId);
    return pluginId == null ? null : plugins.get(pluginId);
  }

  void reject(ManifestProblem problem) {
    rejected.add(problem);
  }

  /** A rescan's view of the rejected manifests replaces the earlier one (a fixed manifest is no longer listed). */
  synchronized void replaceRejected(List<ManifestProblem> problems) {
    rejected.clear();
    rejected.addAll(problems);
  }

  /** Forgets a retired plugin whose directory is gone: its record, its routes, the capabilities it declared. */
  synchronized void remove(PluginRecord record) {
    withdraw(record);
    plugins.remove(record.id(), record);
    declaredBy.values().removeIf(id -> id.equals(record.id()));
  }

  /** @return the manifests that could not be read, with file, pointer and reason */
  public JsonArray rejectedJson() {
    JsonArray array = new JsonArray();
    rejected.forEach(p -> array.add(new JsonObject().put("file", String.valueOf(p.file())).put("pluginId", p.pluginId())
      .put("pointer", p.pointer()).put("reason", p.reason()).put("message", p.message())));
    return array;
  }

  void add(PluginRecord record) {
    plugins.put(record.id(), record);
    record.manifest().capabilities().forEach(c -> declaredBy.put(c, record.id()));
  }

  /** @param pipelines assembles the call pipeline of each route as it is published (the dispatcher's) */
  public void assembleWith(Function<dev.dhii.runtime.dispatch.Route, Pipeline> pipelines) {
    this.assembler = pipelines;
  }

  /** Replaces every route of the record's plugin by those of {@code generation}, atomically. */
  synchronized void publish(PluginRecord record, PluginGeneration generation) {
    Map<String, Route> next = new HashMap<>(routes);
    next.values().removeIf(route -> route.plugin() == record);
    generation.host().capabilities().values().forEach(b -> {
      Route route = new Route(record, generation.host(), b, generation.policies(), null);
      next.put(b.id(), new Route(record, generation.host(), b, generation.policies(), assembler.apply(route)));
    });
    routes = Map.copyOf(next);
    declaredBy.values().removeIf(id -> id.equals(record.id()));
    // a Dhii-Mail manifest's list stands only until its code announces what it serves
    (generation.manifest().compat().capabilitiesFromCode() ? generation.host().capabilities().keySet()
      : generation.manifest().capabilities()).forEach(c -> declaredBy.put(c, record.id()));
  }

  /** Removes every route of the record's plugin, atomically. */
  synchronized void withdraw(PluginRecord record) {
    Map<String, Route> next = new HashMap<>(routes);
    next.values().removeIf(route -> route.plugin() == record);
    routes = Map.copyOf(next);
  }

  /** @return the listing of every plugin */
  public JsonArray toJson() {
    JsonArray array = new JsonArray();
    plugins.values().forEach(p -> array.add(p.toJson()));
    return array;
  }

  /** @return {@code {"plugins": [...], "rejected": [...]}}: every plugin, and the manifests that could not be read */
  public JsonObject pluginsListing() {
    return new JsonObject().put("plugins", toJson()).put("rejected", rejectedJson());
  }

  /** @return {@code {"capabilities": [...]}}: every capability with its schemas, plugin and state */
  public JsonObject capabilitiesListing() {
    return new JsonObject().put("capabilities", capabilitiesJson());
  }

  /**
   * @return every capability: with its schemas while its plugin serves it, else its id as declared; each
   *     with {@code pluginId}, {@code pluginVersion} and the plugin's {@code state}
   */
  public JsonArray capabilitiesJson() {
    JsonArray list = new JsonArray();
    plugins.values().forEach(p -> {
      if (p.host() != null) {
        p.host().capabilities().values().forEach(b -> list.add(b.capability().toJson()
          .put("pluginId", p.id()).put("pluginVersion", p.manifest().version()).put("state", p.state().name())));
      } else {
        p.manifest().capabilities().forEach(id -> list.add(new JsonObject().put("id", id).put("pluginId", p.id())
          .put("pluginVersion", p.manifest().version()).put("state", p.state().name())));
      }
    });
    return list;
  }
}
