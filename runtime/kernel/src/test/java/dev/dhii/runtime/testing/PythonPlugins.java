package dev.dhii.runtime.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small Python process plugins for tests: a plugin {@code <id>} with one capability {@code <id>.hello}
 * answering {@code {"text": "<greeting> <name>"}}, run as {@code python3 plugin.py} with the SDK.
 */
public final class PythonPlugins {

  private PythonPlugins() {
  }

  /**
   * @param greeting what the capability puts before the name
   * @param id the plugin id (its capability's prefix)
   * @return the source of {@code plugin.py}
   */
  public static String source(String id, String greeting) {
    return source(id, greeting, "pass");
  }

  /**
   * @param id the plugin id
   * @param greeting what the capability puts before the name
   * @param body Python statements the handler runs first (lines without indentation)
   * @return the source of {@code plugin.py}
   */
  public static String source(String id, String greeting, String body) {
    return """
      from dhii_plugin import Plugin

      plugin = Plugin()
      NAME = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
      TEXT = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}


      @plugin.capability("%s.hello", input_schema=NAME, output_schema=TEXT, rate_limit_per_minute=0)
      def hello(input, ctx):
      %s
          return {"text": "%s " + input["name"]}


      if __name__ == "__main__":
          plugin.run()
      """.formatted(id, body.lines().map(line -> "    " + line).collect(java.util.stream.Collectors.joining("\n")), greeting);
  }

  /**
   * Writes {@code <root>/<id>/plugin.py} and its manifest.
   *
   * @param root the plugin folder
   * @param id plugin id
   * @param greeting what the capability answers before the name
   * @return the plugin's directory
   */
  public static Path write(Path root, String id, String greeting) {
    try {
      Path dir = Files.createDirectories(root.resolve(id));
      Files.writeString(dir.resolve("plugin.py"), source(id, greeting));
      JsonObject manifest = new JsonObject().put("id", id).put("name", id).put("version", "1.0.0").put("apiVersion", 2)
        .put("runtime", "process").put("command", new JsonArray().add("python3").add("plugin.py"))
        .put("capabilities", new JsonArray().add(id + ".hello"));
      Files.writeString(dir.resolve("manifest.json"), manifest.encodePrettily());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
