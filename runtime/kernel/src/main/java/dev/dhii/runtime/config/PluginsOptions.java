package dev.dhii.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Where plugins are found and keep their data, the {@code plugins} section of conf/runtime.json. Paths are as
 * written (relative ones resolve against the runtime's home, see {@link RuntimeOptions}).
 *
 * @param directories the plugin directories
 * @param dataDirectory the root of the plugins' data directories
 */
public record PluginsOptions(List<String> directories, String dataDirectory) {

  /** The plugin directories by default: {@code manifests} and {@code plugins}. */
  public static final List<String> DEFAULT_DIRECTORIES = List.of("manifests", "plugins");
  /** The root of the plugins' data directories by default. */
  public static final String DEFAULT_DATA_DIRECTORY = "data";

  /** The defaults. */
  public static final PluginsOptions DEFAULTS = fromJson(new JsonObject());

  /** @param json the {@code plugins} section @return the options, defaults filled in */
  public static PluginsOptions fromJson(JsonObject json) {
    JsonArray dirs = json.getJsonArray("directories");
    List<String> directories = DEFAULT_DIRECTORIES;
    if (dirs != null) {
      directories = new ArrayList<>();
      for (Object d : dirs) {
        directories.add(String.valueOf(d));
      }
    }
    return new PluginsOptions(List.copyOf(directories), json.getString("dataDirectory", DEFAULT_DATA_DIRECTORY));
  }
}
