package dev.dhii.runtime.manifest;

import dev.dhii.runtime.manifest.SchemaViolations.Violation;
import dev.dhii.runtime.version.SemVer;
import dev.dhii.runtime.version.VersionRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a manifest that its schema cannot express, with the resolver's own parsers, so a
 * manifest that loads is one the resolver understands. Values of the wrong type are left to the schema.
 */
final class ManifestChecks {

  private static final String JAR_GLOB = "*.jar";
  private static final String PY_NAME = "[A-Za-z_][A-Za-z0-9_]*";
  /**
   * module:Attr of a Python process plugin; module "." is the plugin directory itself, ".name" a module of
   * it; without ":Attr" the SDK finds the plugin in the module.
   */
  static final java.util.regex.Pattern PYTHON_ENTRYPOINT = java.util.regex.Pattern.compile(
      "(\\.|\\.?" + PY_NAME + "(\\." + PY_NAME + ")*)(:" + PY_NAME + "(\\." + PY_NAME + ")*)?");

  private ManifestChecks() {
  }

  static List<Violation> check(JsonObject manifest) {
    List<Violation> violations = new ArrayList<>();
    if (manifest.getValue("version") instanceof String version) {
      try {
        SemVer.parse(version);
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("/version", e.getMessage()));
      }
    }
    if (manifest.getValue("imports") instanceof JsonObject imports) {
      for (String plugin : imports.fieldNames()) {
        if (imports.getValue(plugin) instanceof String range) {
          try {
            VersionRange.parse(range);
          } catch (IllegalArgumentException e) {
            violations.add(new Violation("/imports/" + SchemaViolations.escape(plugin), e.getMessage()));
          }
        }
      }
    }
    if (manifest.getValue("classpath") instanceof JsonArray classpath) {
      for (int i = 0; i < classpath.size(); i++) {
        if (classpath.getValue(i) instanceof String entry && !isSupportedEntry(entry)) {
          violations.add(new Violation("/classpath/" + i,
              "\"" + entry + "\": the only wildcard supported is a trailing \"" + JAR_GLOB + "\", e.g. lib/*.jar"));
        }
      }
    }
    if ("process".equals(manifest.getValue("runtime")) && manifest.getValue("command") == null) {
      if (manifest.getValue("entrypoint") == null) {
        violations.add(new Violation("", "missing \"command\" or \"entrypoint\" (required when runtime is \"process\")"));
      } else if (manifest.getValue("entrypoint") instanceof String entrypoint && !PYTHON_ENTRYPOINT.matcher(entrypoint).matches()
          && !PluginManifest.NODE_ENTRYPOINT.matcher(entrypoint).matches()) {
        violations.add(new Violation("/entrypoint", "\"" + entrypoint + "\": a process plugin's entrypoint is module:Attr"
            + " (e.g. plugin:MyPlugin, or .:register for the plugin directory as a package), or a Node.js file of the"
            + " plugin directory (plugin.js, .cjs or .mjs)"));
      }
    }
    return violations;
  }

  private static boolean isSupportedEntry(String entry) {
    String rest = entry.equals(JAR_GLOB) || entry.endsWith("/" + JAR_GLOB)
        ? entry.substring(0, entry.length() - JAR_GLOB.length())
        : entry;
    return rest.indexOf('*') < 0;
  }
}
