package dev.dhii.runtime.manifest;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * How the capabilities a plugin provides differ from those its manifest declares. The runtime (at
 * load) and {@code dhii plugin validate} (for JVM and process plugins) compare them the same way.
 *
 * @param missing declared but not provided, sorted
 * @param undeclared provided but not declared, sorted
 */
public record CapabilityDiff(List<String> missing, List<String> undeclared) {

  /**
   * @param declared the manifest's capability ids
   * @param provided the ids the plugin provides
   * @return the difference
   */
  public static CapabilityDiff of(Collection<String> declared, Collection<String> provided) {
    TreeSet<String> missing = new TreeSet<>(declared);
    missing.removeAll(provided);
    TreeSet<String> undeclared = new TreeSet<>(provided);
    undeclared.removeAll(declared);
    return new CapabilityDiff(List.copyOf(missing), List.copyOf(undeclared));
  }

  /** @return whether the two sets are equal */
  public boolean none() {
    return missing.isEmpty() && undeclared.isEmpty();
  }
}
