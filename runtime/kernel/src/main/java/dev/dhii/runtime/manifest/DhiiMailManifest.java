package dev.dhii.runtime.manifest;

import dev.dhii.runtime.manifest.SchemaViolations.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Dhii-Mail's own {@code manifest.json} format, as its "Glass Wall" plugins have it (a folder with an
 * {@code __init__.py} exposing {@code register(kernel)} beside the manifest), mapped onto the runtime's
 * manifest so that such a folder is served as it is:
 * <ul>
 *   <li>recognised by the absence of {@code apiVersion} and {@code runtime} and the presence of
 *       {@code __init__.py} in the same folder;</li>
 *   <li>{@code runtime: process}, {@code entrypoint: ".:register"} (the folder as a Python package, served
 *       by the SDK) and {@code apiVersion 1} (results passed on leniently);</li>
 *   <li>{@code id}, {@code name}, {@code version}, {@code description}, {@code config} and {@code enabled}
 *       are taken as they are; a capability id without a dot becomes {@code <pluginId>.<id>};</li>
 *   <li>{@code dependencies} (an array of names, or an object of name to version) become imports of any
 *       version;</li>
 *   <li>{@code type}, {@code plugin_type}, {@code author}, {@code permissions} and every other member of
 *       the format are Dhii-Mail's own and left out; the per-capability members (schemas,
 *       {@code side_effects}, {@code requires_auth}, {@code rate_limit}, {@code timeout_seconds}) are read
 *       by the SDK from the same file and announced.</li>
 * </ul>
 */
final class DhiiMailManifest {

  /** The entrypoint of a Glass Wall folder: the folder as a package, its {@code register} function. */
  static final String ENTRYPOINT = ".:register";

  private DhiiMailManifest() {
  }

  /**
   * @param file the manifest file
   * @param json its content
   * @return whether it is a Dhii-Mail manifest of a Glass Wall folder
   */
  static boolean recognises(Path file, JsonObject json) {
    return !json.containsKey("apiVersion") && !json.containsKey("runtime") && file != null
        && file.toAbsolutePath().getParent() != null
        && Files.isRegularFile(file.toAbsolutePath().getParent().resolve("__init__.py"));
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
   * @param json a Dhii-Mail manifest
   * @param problems where problems of the Dhii-Mail format itself are added
   * @return the runtime manifest it stands for
   */
  static JsonObject map(JsonObject json, List<Violation> problems) {
    JsonObject mapped = new JsonObject();
    Object id = json.getValue("id");
    mapped.put("id", id);
    for (String key : List.of("name", "version", "description", "config", "enabled")) {
      if (json.containsKey(key)) {
        mapped.put(key, json.getValue(key));
      }
    }
    mapped.put("apiVersion", 1).put("runtime", "process").put("entrypoint", ENTRYPOINT);
    JsonArray capabilities = new JsonArray();
    if (json.getValue("capabilities") instanceof JsonArray declared) {
      for (int i = 0; i < declared.size(); i++) {
        Object item = declared.getValue(i);
        Object capabilityId = item instanceof JsonObject c ? c.getValue("id") : item;
        if (capabilityId instanceof String s && !s.isEmpty()) {
          capabilities.add(s.indexOf('.') >= 0 || !(id instanceof String) ? s : id + "." + s);
        } else {
          problems.add(new Violation("/capabilities/" + i, "a capability needs a string \"id\""));
        }
      }
    } else if (json.containsKey("capabilities")) {
      problems.add(new Violation("/capabilities", "must be an array of capabilities"));
    }
    mapped.put("capabilities", capabilities);
    JsonObject imports = new JsonObject();
    Object dependencies = json.getValue("dependencies");
    List<String> names = new ArrayList<>();
    if (dependencies instanceof JsonArray array) {
      array.forEach(d -> names.add(String.valueOf(d)));
    } else if (dependencies instanceof JsonObject object) {
      names.addAll(object.fieldNames());
    }
    names.forEach(name -> imports.put(name, "*"));
    mapped.put("imports", imports);
    return mapped;
  }
}
