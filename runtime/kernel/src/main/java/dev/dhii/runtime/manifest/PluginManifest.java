package dev.dhii.runtime.manifest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A plugin's {@code manifest.json} (DESIGN.md section 4), as read and validated by {@link ManifestReader}.
 * Lists and maps are never {@code null} (empty when absent) and cannot be modified; {@code resilience}
 * and {@code config} are never {@code null} (empty when absent) and are the manifest's own copies:
 * treat them as read-only.
 *
 * @param file         the manifest file
 * @param directory    the directory holding it: {@code classpath} and {@code command} are relative to it
 * @param id           the plugin id, unique across all plugin directories
 * @param name         the display name
 * @param version      the plugin's semantic version
 * @param description  a description, {@code ""} when absent
 * @param apiVersion   2 for native plugins, 1 for legacy v1 plugins
 * @param runtime      how the plugin runs
 * @param entrypoint   the {@code Plugin} class of a JVM plugin; for a process plugin without a
 *                     {@code command}, the Python {@code module:Attr} the SDK serves; otherwise {@code null}
 * @param classpath    jar entries relative to {@code directory}, see {@link #classpathPaths()}; empty
 *                     means the entrypoint is on the runtime's own class path
 * @param command      the argv of a process plugin, empty for a JVM plugin
 * @param imports      plugin id -> version range of the plugins this one calls
 * @param capabilities the capability ids this plugin provides
 * @param resources    resource limits; unset components take the runtime's defaults
 * @param resilience   the {@code retry} and {@code circuitBreaker} settings
 * @param permissions  forbidden calls this plugin is allowed to make
 * @param config       the plugin's configuration, passed to {@code onLoad}
 * @param enabled      {@code false} keeps the plugin from starting
 * @param compat       what a manifest in Dhii-Mail's own format says beyond the runtime's manifest
 *                     ({@link Compat#NONE} for the runtime's format)
 */
public record PluginManifest(Path file, Path directory, String id, String name, String version, String description,
                             int apiVersion, PluginRuntime runtime, String entrypoint, List<String> classpath,
                             List<String> command, Map<String, String> imports, List<String> capabilities,
                             ResourceLimits resources, JsonObject resilience, List<String> permissions,
                             JsonObject config, boolean enabled, Compat compat) {

  /**
   * What a Dhii-Mail-format manifest carries that the runtime's format has no member for.
   *
   * @param capabilitiesFromCode the capabilities are those the plugin's code announces; the manifest's
   *                             list is what is shown before the plugin starts (a difference is logged)
   * @param optionalImports      imports that may be missing, disabled or failed without failing this
   *                             plugin (they only order the start)
   * @param pythonPackages       pip requirement specifiers of the Python packages the plugin needs
   */
  public record Compat(boolean capabilitiesFromCode, java.util.Set<String> optionalImports, List<String> pythonPackages) {

    /** The runtime's own format: nothing beyond the manifest. */
    public static final Compat NONE = new Compat(false, java.util.Set.of(), List.of());

    /** Takes unmodifiable copies. */
    public Compat {
      optionalImports = optionalImports == null ? java.util.Set.of() : java.util.Set.copyOf(optionalImports);
      pythonPackages = pythonPackages == null ? List.of() : List.copyOf(pythonPackages);
    }
  }

  /** A manifest in the runtime's own format ({@link Compat#NONE}). */
  public PluginManifest(Path file, Path directory, String id, String name, String version, String description,
                        int apiVersion, PluginRuntime runtime, String entrypoint, List<String> classpath,
                        List<String> command, Map<String, String> imports, List<String> capabilities,
                        ResourceLimits resources, JsonObject resilience, List<String> permissions,
                        JsonObject config, boolean enabled) {
    this(file, directory, id, name, version, description, apiVersion, runtime, entrypoint, classpath, command, imports,
        capabilities, resources, resilience, permissions, config, enabled, Compat.NONE);
  }

  /** @return this manifest with {@code compat} */
  public PluginManifest withCompat(Compat compat) {
    return new PluginManifest(file, directory, id, name, version, description, apiVersion, runtime, entrypoint,
        classpath, command, imports, capabilities, resources, resilience, permissions, config, enabled, compat);
  }

  private static final String JAR_GLOB = "*.jar";

  /** Replaces absent values by empty ones and takes unmodifiable copies. */
  public PluginManifest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(runtime, "runtime");
    name = name == null ? id : name;
    description = description == null ? "" : description;
    classpath = classpath == null ? List.of() : List.copyOf(classpath);
    command = command == null ? List.of() : List.copyOf(command);
    imports = imports == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(imports));
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    resources = resources == null ? ResourceLimits.NONE : resources;
    resilience = resilience == null ? new JsonObject() : resilience.copy();
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
    config = config == null ? new JsonObject() : config.copy();
    compat = compat == null ? Compat.NONE : compat;
  }

  /**
   * Maps a manifest's JSON to a {@code PluginManifest} without validating it: use
   * {@link ManifestReader#read} for files. {@code directory} is the parent of {@code file}.
   */
  public static PluginManifest fromJson(Path file, JsonObject json) {
    Path directory = file == null ? null : file.toAbsolutePath().normalize().getParent();
    JsonObject imports = json.getJsonObject("imports", new JsonObject());
    Map<String, String> importMap = new LinkedHashMap<>();
    imports.forEach(e -> importMap.put(e.getKey(), String.valueOf(e.getValue())));
    return new PluginManifest(file, directory, json.getString("id"), json.getString("name"),
        json.getString("version"), json.getString("description"), json.getInteger("apiVersion", 2),
        PluginRuntime.fromJson(json.getString("runtime", "jvm")), json.getString("entrypoint"),
        strings(json.getJsonArray("classpath")), strings(json.getJsonArray("command")), importMap,
        strings(json.getJsonArray("capabilities")), ResourceLimits.fromJson(json.getJsonObject("resources")),
        json.getJsonObject("resilience"), strings(json.getJsonArray("permissions")),
        json.getJsonObject("config"), json.getBoolean("enabled", true));
  }

  private static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>();
    if (array != null) array.forEach(item -> list.add(String.valueOf(item)));
    return list;
  }

  /** @return whether this is a process plugin served by the Python SDK from its {@code entrypoint} (no {@code command}) */
  public boolean servedBySdk() {
    return runtime == PluginRuntime.PROCESS && command.isEmpty() && entrypoint != null;
  }

  /**
   * A Node.js entrypoint: a {@code .js}, {@code .cjs} or {@code .mjs} file of the plugin directory (a relative path
   * without {@code ..}), served by the Node SDK.
   */
  public static final java.util.regex.Pattern NODE_ENTRYPOINT =
      java.util.regex.Pattern.compile("(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\\\:]*[^/\\\\:]\\.(js|cjs|mjs)");

  /** @return whether this is a process plugin served by the Node SDK: its {@code entrypoint} a .js, .cjs or .mjs file */
  public boolean servedByNode() {
    return servedBySdk() && NODE_ENTRYPOINT.matcher(entrypoint).matches();
  }

  /** The manifest's JSON form, as in {@code manifest.json} (without the file paths). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("name", name).put("version", version);
    if (!description.isEmpty()) json.put("description", description);
    json.put("apiVersion", apiVersion).put("runtime", runtime.json());
    if (entrypoint != null) json.put("entrypoint", entrypoint);
    if (!classpath.isEmpty()) json.put("classpath", new JsonArray(new ArrayList<>(classpath)));
    if (!command.isEmpty()) json.put("command", new JsonArray(new ArrayList<>(command)));
    return json.put("imports", new JsonObject(new LinkedHashMap<>(imports)))
        .put("capabilities", new JsonArray(new ArrayList<>(capabilities)))
        .put("resources", resources.toJson())
        .put("resilience", resilience.copy())
        .put("permissions", new JsonArray(new ArrayList<>(permissions)))
        .put("config", config.copy())
        .put("enabled", enabled);
  }

  /**
   * The classpath entries as paths resolved against {@link #directory()}, in manifest order. An entry
   * ending in {@code *.jar} ({@code lib/*.jar}, or {@code *.jar} for the directory itself) stands for
   * the jars of that directory, sorted by name; a missing directory contributes nothing.
   *
   * @throws UncheckedIOException if a directory cannot be listed
   */
  public List<Path> classpathPaths() {
    List<Path> paths = new ArrayList<>();
    for (String entry : classpath) {
      if (entry.equals(JAR_GLOB) || entry.endsWith("/" + JAR_GLOB)) {
        paths.addAll(jarsIn(directory.resolve(entry.substring(0, entry.length() - JAR_GLOB.length()))));
      } else {
        paths.add(directory.resolve(entry).normalize());
      }
    }
    return paths;
  }

  private static List<Path> jarsIn(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
          .map(Path::normalize)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
