package dev.dhii.runtime.cli;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code dhii plugin create NAME --lang python}: a process plugin written to the seed's contract
 * (PluginInterface, pydantic capabilities), served by the SDK from its manifest's entrypoint, with pydantic in
 * its requirements.txt and a pytest test on {@code dhii_plugin.testing}.
 */
final class PythonTemplate {

  /** The default module: {@code plugin.py}. */
  static final String DEFAULT_MODULE = "plugin";
  private static final Pattern MODULE = Pattern.compile("[a-z_][a-z0-9_]*");
  /** Names the plugin's module must not take: they would shadow what the SDK and the test import. */
  private static final Set<String> TAKEN = Set.of("dhii_plugin", "a2ui_integration", "dhii_mail", "pydantic",
    "pytest", "conftest", "typing", "json", "os", "sys", "asyncio");

  private PythonTemplate() {
  }

  /** @param module a --package value @return why it cannot be the plugin's module name, or null when it can */
  static String moduleProblem(String module) {
    if (!MODULE.matcher(module).matches()) {
      return "a Python module name is lowercase a-z, 0-9 and '_', not starting with a digit";
    }
    if (TAKEN.contains(module) || module.startsWith("test_") || isKeyword(module)) {
      return "\"" + module + "\" is a Python keyword or a module the plugin or its test imports";
    }
    return null;
  }

  private static boolean isKeyword(String word) {
    return Set.of("and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
      "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
      "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "type").contains(word);
  }

  /**
   * @param name the plugin's id
   * @param module its module (valid): {@code <module>.py}, entrypoint {@code <module>:<Type>Plugin}
   * @param defaultDir where create writes plugins by default (named in the README)
   * @return the files by relative path
   */
  static Map<String, String> files(String name, String module, Path defaultDir) {
    String type = PluginTemplates.javaType(name).replaceAll("[^A-Za-z0-9_]", "") + "Plugin";
    Path sdk = PluginTemplates.home().resolve("runtime/sdk-python");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", name);
    values.put("module", module);
    values.put("type", type);
    values.put("home", PluginTemplates.home().toString());
    values.put("sdkPath", new io.vertx.core.json.JsonArray().add(sdk.toString()).encode().replaceAll("^\\[|]$", ""));
    values.put("defaultDir", defaultDir.toString());
    JsonObject manifest = PluginTemplates.manifest(name, new JsonObject().put("runtime", "process")
      .put("entrypoint", module + ":" + type));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest.encodePrettily() + "\n");
    files.put(module + ".py", PluginTemplates.fill("python/plugin.py", values));
    files.put("requirements.txt", PluginTemplates.fill("python/requirements.txt", values));
    files.put("test_" + module + ".py", PluginTemplates.fill("python/test_plugin.py", values));
    files.put("conftest.py", PluginTemplates.fill("python/conftest.py", values));
    files.put("README.md", PluginTemplates.fill("python/README.md", values));
    files.put(".gitignore", ".venv/\n__pycache__/\n.pytest_cache/\n");
    return files;
  }
}
