package dev.dhii.runtime.manifest;

import dev.dhii.runtime.manifest.SchemaViolations.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dhii-Mail's own {@code manifest.json} format, in every variant its plugin folders have, mapped onto the
 * runtime's manifest so that such a folder is served as it is (by the Python SDK):
 * <ul>
 *   <li>recognised by the absence of {@code apiVersion} and {@code runtime} and a Python plugin beside the
 *       manifest: an {@code __init__.py}, the module its {@code entry_point} names, or one of the modules
 *       Dhii-Mail's loaders ran ({@code plugin.py}, {@code <folder>_plugin.py}, {@code <id>_plugin.py});</li>
 *   <li>{@code runtime: process}, {@code apiVersion 1} (results passed on leniently) and an entrypoint:
 *       with {@code entry_point} ({@code "plugin.py"}) and {@code class_name}, that module's class (a module
 *       of the folder's package, {@code ".plugin:MeetingPlugin"}, when the folder has an {@code __init__.py});
 *       with {@code entry_point} alone, that module, where the SDK finds the plugin; without either,
 *       {@code "."}: the SDK finds the plugin in the folder ({@code register(kernel)},
 *       {@code register_plugin(kernel_api)}, a plugin class; see the SDK's README);</li>
 *   <li>{@code id}, {@code name} (default the id), {@code version}, {@code description}, {@code config} and
 *       {@code enabled} are taken as they are; capabilities may be objects (with {@code id}) or plain id strings, and a
 *       capability id without a dot becomes {@code <pluginId>.<id>};</li>
 *   <li>the capabilities served are those the code announces (Dhii-Mail's kernels registered what the code
 *       registered; its manifests often list other ids): the manifest's list is shown until the plugin
 *       starts, and a difference is logged, not fatal;</li>
 *   <li>{@code dependencies} as an array names other plugins: optional imports (they order the start; a
 *       missing, disabled or failed one does not keep this plugin from starting, as in Dhii-Mail, whose
 *       Python plugins never call them through the kernel); as an object it names Python packages with
 *       ranges ({@code "pydantic": "^2.0.0"}): pip requirements ({@link #pipRequirement});</li>
 *   <li>{@code type}, {@code plugin_type}, {@code author}, {@code permissions}, {@code sandbox_config},
 *       {@code ui_routes} and every other member are Dhii-Mail's own and left out; the per-capability
 *       members (schemas, {@code side_effects}, {@code requires_auth}, {@code rate_limit},
 *       {@code timeout_seconds}) are announced by the SDK. Only {@code manifest.json} is read: a
 *       {@code manifest_v2.json} beside it is ignored, as Dhii-Mail's own loaders did.</li>
 * </ul>
 */
final class DhiiMailManifest {

  /** The entrypoint of a folder without {@code entry_point}: the SDK finds the plugin in it. */
  static final String ENTRYPOINT = ".";

  private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(\\[[A-Za-z0-9_,.-]+])?");
  private static final Pattern CARET_TILDE = Pattern.compile("([\\^~])\\s*(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(\\S*)");
  private static final Pattern PY_MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  private DhiiMailManifest() {
  }

  /**
   * @param file the manifest file
   * @param json its content
   * @return whether it is a Dhii-Mail manifest of a Python plugin folder
   */
  static boolean recognises(Path file, JsonObject json) {
    if (json.containsKey("apiVersion") || json.containsKey("runtime") || file == null
        || file.toAbsolutePath().getParent() == null) {
      return false;
    }
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isRegularFile(dir.resolve("__init__.py")) || json.getValue("entry_point") instanceof String) {
      return true;
    }
    for (String module : List.of("plugin", dir.getFileName() + "_plugin", json.getValue("id") + "_plugin")) {
      if (Files.isRegularFile(dir.resolve(module + ".py"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param json a Dhii-Mail manifest
   * @return whether it has Dhii-Mail's capability objects without the runtime's required members
   */
  static boolean looksLikeOne(JsonObject json) {
    return !json.containsKey("apiVersion") && !json.containsKey("runtime")
        && json.getValue("capabilities") instanceof JsonArray caps && !caps.isEmpty() && caps.getValue(0) instanceof JsonObject;
  }

  /**
   * @param file the manifest file
   * @param json a Dhii-Mail manifest
   * @param problems where problems of the Dhii-Mail format itself are added
   * @return the runtime manifest it stands for
   */
  static JsonObject map(Path file, JsonObject json, List<Violation> problems) {
    JsonObject mapped = new JsonObject();
    Object id = json.getValue("id");
    mapped.put("id", id);
    for (String key : List.of("name", "version", "description", "config", "enabled")) {
      if (json.containsKey(key)) {
        mapped.put(key, json.getValue(key));
      }
    }
    if (!mapped.containsKey("name") && id instanceof String) {
      mapped.put("name", id); // Dhii-Mail's loaders did not need one
    }
    mapped.put("apiVersion", 1).put("runtime", "process").put("entrypoint", entrypoint(file, json, problems));
    JsonArray capabilities = new JsonArray();
    if (json.getValue("capabilities") instanceof JsonArray declared) {
      for (int i = 0; i < declared.size(); i++) {
        Object item = declared.getValue(i);
        Object capabilityId = item instanceof JsonObject c ? c.getValue("id") : item;
        if (capabilityId instanceof String s && !s.isEmpty()) {
          String full = s.indexOf('.') >= 0 || !(id instanceof String) ? s : id + "." + s;
          if (!capabilities.contains(full)) {
            capabilities.add(full);
          }
        } else {
          problems.add(new Violation("/capabilities/" + i, "a capability needs a string \"id\""));
        }
      }
    } else if (json.containsKey("capabilities")) {
      problems.add(new Violation("/capabilities", "must be an array of capabilities"));
    }
    mapped.put("capabilities", capabilities);
    JsonObject imports = new JsonObject();
    for (String name : pluginDependencies(json)) {
      imports.put(name, "*");
    }
    mapped.put("imports", imports);
    pythonPackages(json, problems);
    return mapped;
  }

  /**
   * @param json a Dhii-Mail manifest, already mapped without problems
   * @return what it says beyond the runtime's manifest
   */
  static PluginManifest.Compat compat(JsonObject json) {
    return new PluginManifest.Compat(true, pluginDependencies(json), pythonPackages(json, new ArrayList<>()));
  }

  private static String entrypoint(Path file, JsonObject json, List<Violation> problems) {
    Object entryPoint = json.getValue("entry_point");
    Object className = json.getValue("class_name");
    if (!(entryPoint instanceof String path) || path.isBlank()) {
      if (entryPoint != null) {
        problems.add(new Violation("/entry_point", "must be the file name of a module, e.g. \"plugin.py\""));
      }
      return ENTRYPOINT;
    }
    String module = path.strip().replaceFirst("\\.py$", "").replace('/', '.');
    if (!PY_MODULE.matcher(module).matches()) {
      problems.add(new Violation("/entry_point", "\"" + path + "\" is not a Python module of the folder"));
      return ENTRYPOINT;
    }
    Path dir = file.toAbsolutePath().getParent();
    String prefix = Files.isRegularFile(dir.resolve("__init__.py")) ? "." : "";
    if (className == null) {
      return prefix + module;
    }
    if (!(className instanceof String name) || !PY_MODULE.matcher(name).matches()) {
      problems.add(new Violation("/class_name", "must be the name of a class of " + path));
      return prefix + module;
    }
    return prefix + module + ":" + name;
  }

  private static Set<String> pluginDependencies(JsonObject json) {
    Set<String> names = new LinkedHashSet<>();
    if (json.getValue("dependencies") instanceof JsonArray array) {
      array.forEach(d -> names.add(String.valueOf(d)));
    }
    return names;
  }

  private static List<String> pythonPackages(JsonObject json, List<Violation> problems) {
    List<String> packages = new ArrayList<>();
    if (json.getValue("dependencies") instanceof JsonObject object) {
      for (String name : object.fieldNames()) {
        Object range = object.getValue(name);
        String requirement = PACKAGE.matcher(name).matches() ? pipRequirement(name, range == null ? "*" : String.valueOf(range)) : null;
        if (requirement == null) {
          problems.add(new Violation("/dependencies/" + name, "a Python package name with a version range, e.g."
              + " \"pydantic\": \"^2.0.0\""));
        } else {
          packages.add(requirement);
        }
      }
    }
    return packages;
  }

  /**
   * Translates a package's version range as Dhii-Mail's manifests write them (npm/Poetry style) into a
   * pip requirement: {@code ^2.1.0} = {@code >=2.1.0,<3.0.0} (the left-most non-zero part may not grow:
   * {@code ^0.2.3} = {@code >=0.2.3,<0.3.0}), {@code ~1.2.3} = {@code >=1.2.3,<1.3.0} ({@code ~1} =
   * {@code >=1,<2}), {@code *}, {@code latest} or empty = any version, a bare version = exactly it, and
   * pip's own operators ({@code >=}, {@code ==}, {@code ~=}, ..., comma-separated) as they are.
   *
   * @param name the package
   * @param range its range
   * @return the requirement, or null when the range is none of these
   */
  static String pipRequirement(String name, String range) {
    String r = range.strip();
    if (r.isEmpty() || r.equals("*") || r.equalsIgnoreCase("latest") || r.equalsIgnoreCase("x")) {
      return name;
    }
    if (r.matches("(\\s*(==|!=|>=|<=|~=|>|<)\\s*[0-9][0-9A-Za-z.*+!-]*\\s*)(,\\s*(==|!=|>=|<=|~=|>|<)\\s*[0-9][0-9A-Za-z.*+!-]*\\s*)*")) {
      return name + r.replace(" ", "");
    }
    if (r.matches("v?[0-9]+(\\.[0-9]+)*([A-Za-z0-9.+-]*)")) {
      return name + "==" + r.replaceFirst("^v", "");
    }
    Matcher m = CARET_TILDE.matcher(r);
    if (!m.matches() || !m.group(5).isEmpty()) {
      return null;
    }
    int major = Integer.parseInt(m.group(2));
    Integer minor = m.group(3) == null ? null : Integer.parseInt(m.group(3));
    Integer patch = m.group(4) == null ? null : Integer.parseInt(m.group(4));
    String low = major + (minor == null ? "" : "." + minor) + (patch == null ? "" : "." + patch);
    String high;
    if (m.group(1).equals("~")) {
      high = minor == null ? (major + 1) + "" : major + "." + (minor + 1) + (patch == null ? "" : ".0");
    } else if (major > 0 || minor == null) {
      high = (major + 1) + (minor == null ? "" : ".0") + (patch == null ? "" : ".0");
    } else if (minor > 0 || patch == null) {
      high = "0." + (minor + 1) + (patch == null ? "" : ".0");
    } else {
      high = "0.0." + (patch + 1);
    }
    return name + ">=" + low + ",<" + high;
  }
}
