package dev.dhii.runtime.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the templates of {@code dhii plugin create} share: the manifest, the names derived from the plugin's,
 * and the template files (resources under {@code templates/<lang>/}, with {@code {{key}}} placeholders).
 * {@link JavaTemplate} and {@link PythonTemplate} write the files of each language.
 */
final class PluginTemplates {

  static final String VERSION = "0.1.0";
  /** The version of dhii-api and dhii-testkit a generated pom names: this runtime's. */
  static final String API_VERSION = "0.1.0-SNAPSHOT";
  /** The JUnit of a generated Java project (the version dhii-testkit is built with). */
  static final String JUNIT_VERSION = "5.11.4";

  private PluginTemplates() {
  }

  /** @return where the scaffolded pom puts the plugin's jar, relative to the plugin directory */
  static String jarPath(String name) {
    return "target/" + name + ".jar";
  }

  /** @return the runtime's home: {@code dhii.home} (set by the launcher), else the working directory */
  static Path home() {
    return Path.of(System.getProperty("dhii.home", ".")).toAbsolutePath().normalize();
  }

  /** Keys in the order of DESIGN.md section 4 (a JsonObject keeps insertion order). */
  static JsonObject manifest(String name, JsonObject runtimeKeys) {
    return new JsonObject().put("id", name).put("name", name).put("version", VERSION)
      .put("description", "The " + name + " plugin").put("apiVersion", 2)
      .mergeIn(runtimeKeys)
      .put("capabilities", new JsonArray().add(name + ".hello"))
      .put("permissions", new JsonArray()).put("config", new JsonObject());
  }

  /** @return {@code hello-world} as {@code HelloWorld} */
  static String javaType(String name) {
    StringBuilder type = new StringBuilder();
    for (String part : name.split("-")) {
      if (!part.isEmpty()) {
        type.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return type.toString();
  }

  /**
   * @param template a resource under {@code templates/}, e.g. {@code java/pom.xml}
   * @param values the placeholders' values, by key (without braces); {@code {{version}}} is always known
   * @return the template filled in
   */
  static String fill(String template, Map<String, String> values) {
    String text = resource(template).replace("{{version}}", VERSION);
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    int left = text.indexOf("{{");
    if (left >= 0) {
      throw new IllegalStateException("template " + template + " has an unknown placeholder at " + left);
    }
    return text;
  }

  private static String resource(String template) {
    try (InputStream in = PluginTemplates.class.getResourceAsStream("templates/" + template)) {
      if (in == null) {
        throw new IllegalStateException("no template " + template);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
