package dev.dhii.runtime.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the plugins of the configured directories: every {@code <dir>/<plugin>/manifest.json}, one
 * level deep, directories in the order given and plugins in path order within each. A directory that
 * does not exist is skipped.
 *
 * <p>Plugin ids and capability ids are unique across all directories: a manifest repeating an id already
 * taken by a manifest found before it (earlier directory, then earlier path) is rejected with a problem
 * naming the first one. Only accepted manifests take ids, so a rejected manifest never blocks another.
 * A bad manifest fails only itself. Disabled plugins ({@code "enabled": false}) are returned too and
 * hold their ids; the resolver leaves them out.
 *
 * <p>Blocking file I/O: call it off the event loop.
 */
public final class ManifestDiscovery {

  /** The name of the file describing a plugin. */
  public static final String MANIFEST_FILE = "manifest.json";

  private ManifestDiscovery() {
  }

  /**
   * The manifests found, in discovery order, and the problems of the rejected ones.
   *
   * @param manifests the valid manifests
   * @param problems  every problem of every rejected manifest or unreadable directory
   */
  public record Discovery(List<PluginManifest> manifests, List<ManifestProblem> problems) {

    /** Takes unmodifiable copies. */
    public Discovery {
      manifests = List.copyOf(manifests);
      problems = List.copyOf(problems);
    }
  }

  /** Reads every {@code manifest.json} one level below each of {@code directories}. */
  public static Discovery discover(ManifestReader reader, List<Path> directories) {
    List<PluginManifest> manifests = new ArrayList<>();
    List<ManifestProblem> problems = new ArrayList<>();
    Map<String, PluginManifest> byId = new HashMap<>();
    Map<String, PluginManifest> byCapability = new HashMap<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path directory : directories) {
      if (!seen.add(directory.toAbsolutePath().normalize()) || !Files.isDirectory(directory)) continue;
      List<Path> files;
      try {
        files = manifestFiles(directory);
      } catch (IOException e) {
        problems.add(ManifestProblem.ofFile(directory, null, "cannot list plugin directory: " + e));
        continue;
      }
      for (Path file : files) {
        ManifestReader.Result result = reader.read(file);
        if (result.failed()) {
          problems.addAll(result.problems());
          continue;
        }
        PluginManifest manifest = result.manifest();
        List<ManifestProblem> clashes = clashes(manifest, byId, byCapability);
        if (!clashes.isEmpty()) {
          problems.addAll(clashes);
          continue;
        }
        manifests.add(manifest);
        byId.put(manifest.id(), manifest);
        manifest.capabilities().forEach(capability -> byCapability.put(capability, manifest));
      }
    }
    return new Discovery(manifests, problems);
  }

  private static List<Path> manifestFiles(Path directory) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      return children.sorted()
          .map(child -> child.resolve(MANIFEST_FILE))
          .filter(Files::isRegularFile)
          .toList();
    }
  }

  private static List<ManifestProblem> clashes(PluginManifest manifest, Map<String, PluginManifest> byId,
                                               Map<String, PluginManifest> byCapability) {
    List<ManifestProblem> problems = new ArrayList<>();
    PluginManifest first = byId.get(manifest.id());
    if (first != null) {
      problems.add(new ManifestProblem(manifest.file(), manifest.id(), "/id",
          "duplicate plugin id \"" + manifest.id() + "\": already declared by " + first.file()));
    }
    for (int i = 0; i < manifest.capabilities().size(); i++) {
      String capability = manifest.capabilities().get(i);
      PluginManifest owner = byCapability.get(capability);
      if (owner != null) {
        problems.add(new ManifestProblem(manifest.file(), manifest.id(), "/capabilities/" + i,
            "duplicate capability id \"" + capability + "\": already declared by plugin \"" + owner.id()
                + "\" in " + owner.file()));
      }
    }
    return problems;
  }
}
