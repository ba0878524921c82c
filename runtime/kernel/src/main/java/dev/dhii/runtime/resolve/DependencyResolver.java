package dev.dhii.runtime.resolve;

import dev.dhii.runtime.version.VersionRange;
import dev.dhii.runtime.version.SemVer;
import dev.dhii.runtime.manifest.PluginManifest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Orders plugins by their {@code imports} and fails those whose imports cannot be met.
 *
 * <p>A plugin fails when an import is missing, disabled, of a version outside the wanted range, or
 * itself failed, or when the plugin is part of an import cycle. Every other enabled plugin is started,
 * after everything it imports. Disabled plugins are neither started nor failed. An optional import
 * ({@link PluginManifest.Compat#optionalImports()}, Dhii-Mail's plugin dependencies) only orders the start:
 * missing, disabled or failed, it does not fail the plugin.
 */
public final class DependencyResolver {

  private DependencyResolver() {
  }

  /**
   * The outcome of {@link #resolve}.
   *
   * @param startOrder the plugins to start, each after all of its imports; ties are broken by plugin id,
   *                   so the same manifests always give the same order
   * @param failures   plugin id -> why it cannot start, sorted by plugin id
   */
  public record Resolution(List<PluginManifest> startOrder, Map<String, String> failures) {

    /** Takes unmodifiable copies. */
    public Resolution {
      startOrder = List.copyOf(startOrder);
      failures = Collections.unmodifiableMap(new TreeMap<>(failures));
    }

    /** The order to stop plugins in: the reverse of {@link #startOrder()}, so no plugin outlives an import. */
    public List<PluginManifest> stopOrder() {
      List<PluginManifest> reversed = new ArrayList<>(startOrder);
      Collections.reverse(reversed);
      return reversed;
    }
  }

  /** Resolves {@code manifests}, whose ids are expected to be unique (a later duplicate fails). */
  public static Resolution resolve(List<PluginManifest> manifests) {
    Map<String, PluginManifest> all = new TreeMap<>();
    Map<String, List<String>> reasons = new TreeMap<>();
    for (PluginManifest manifest : manifests) {
      PluginManifest first = all.putIfAbsent(manifest.id(), manifest);
      if (first != null) {
        // which of the two was meant is unknown, so neither starts
        reasons.computeIfAbsent(manifest.id(), id -> new ArrayList<>())
            .add("duplicate plugin id, declared by " + first.file() + " and " + manifest.file());
      }
    }
    Map<String, List<String>> edges = new TreeMap<>();
    for (PluginManifest plugin : all.values()) {
      if (!plugin.enabled()) continue;
      List<String> usable = new ArrayList<>();
      for (String target : new TreeMap<>(plugin.imports()).keySet()) {
        String problem = checkImport(plugin, target, all.get(target));
        boolean optional = plugin.compat().optionalImports().contains(target);
        if (problem == null) {
          usable.add(target);
        } else if (!optional) {
          reasons.computeIfAbsent(plugin.id(), id -> new ArrayList<>()).add(problem);
        }
      }
      edges.put(plugin.id(), usable);
    }
    Cycles.find(edges).forEach((id, cycle) ->
        reasons.computeIfAbsent(id, k -> new ArrayList<>()).add("import cycle: " + cycle));

    Set<String> failed = new HashSet<>(reasons.keySet());
    for (boolean changed = true; changed; ) {
      changed = false;
      for (Map.Entry<String, List<String>> plugin : edges.entrySet()) {
        Set<String> optional = all.get(plugin.getKey()).compat().optionalImports();
        if (!failed.contains(plugin.getKey())
            && plugin.getValue().stream().anyMatch(t -> failed.contains(t) && !optional.contains(t))) {
          failed.add(plugin.getKey());
          changed = true;
        }
      }
    }
    Map<String, String> failures = new TreeMap<>();
    for (String id : failed) {
      List<String> why = reasons.get(id);
      if (why == null) {
        Set<String> optional = all.get(id).compat().optionalImports();
        why = edges.get(id).stream().filter(t -> failed.contains(t) && !optional.contains(t))
            .map(t -> "imports failed plugin " + t).toList();
      }
      failures.put(id, String.join("; ", why));
    }
    return new Resolution(startOrder(all, edges, failed), failures);
  }

  /** Why {@code plugin} cannot use its import of {@code target}, or {@code null} if it can. */
  private static String checkImport(PluginManifest plugin, String target, PluginManifest imported) {
    String wanted = plugin.imports().get(target);
    if (imported == null) return "imports missing plugin " + target + " " + wanted;
    if (!imported.enabled()) return "imports disabled plugin " + target;
    try {
      SemVer found = SemVer.parse(imported.version());
      if (!VersionRange.parse(wanted).contains(found)) {
        return "imports " + target + " " + wanted + " but found version " + found;
      }
    } catch (IllegalArgumentException e) {
      return "cannot check import of " + target + ": " + e.getMessage();
    }
    return null;
  }

  /** Kahn's algorithm over the plugins that did not fail, taking the smallest id whenever there is a choice. */
  private static List<PluginManifest> startOrder(Map<String, PluginManifest> all, Map<String, List<String>> edges,
                                                 Set<String> failed) {
    Map<String, Integer> waitingFor = new HashMap<>();
    Map<String, List<String>> dependants = new HashMap<>();
    PriorityQueue<String> ready = new PriorityQueue<>();
    edges.forEach((id, imports) -> {
      if (failed.contains(id)) return;
      List<String> live = imports.stream().filter(target -> !failed.contains(target)).toList(); // failed: optional ones
      waitingFor.put(id, live.size());
      live.forEach(target -> dependants.computeIfAbsent(target, k -> new ArrayList<>()).add(id));
      if (live.isEmpty()) ready.add(id);
    });
    List<PluginManifest> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.poll();
      order.add(all.get(id));
      for (String dependant : dependants.getOrDefault(id, List.of())) {
        if (waitingFor.merge(dependant, -1, Integer::sum) == 0) ready.add(dependant);
      }
    }
    return order;
  }
}
