package dev.dhii.runtime.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.lang.model.SourceVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files {@code dhii plugin create} writes, by relative path. */
final class PluginTemplates {

  static final String VERSION = "0.1.0";
  static final String API_VERSION = "0.1.0-SNAPSHOT";

  private PluginTemplates() {
  }

  /** @return a Maven project building {@code target/<name>.jar}, with its manifest and README */
  static Map<String, String> java(String name) {
    String pkg = "com.example." + javaPackage(name);
    String type = javaType(name) + "Plugin";
    JsonObject manifest = manifest(name, new JsonObject().put("runtime", "jvm").put("entrypoint", pkg + "." + type)
      .put("classpath", new JsonArray().add(jarPath(name))));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest.encodePrettily() + "\n");
    files.put("pom.xml", fill(POM, name, pkg, type));
    files.put("src/main/java/" + pkg.replace('.', '/') + "/" + type + ".java", fill(JAVA_PLUGIN, name, pkg, type));
    files.put("README.md", fill(JAVA_README, name, pkg, type));
    files.put(".gitignore", "target/\n");
    return files;
  }

  /**
   * @return a process plugin written to the seed's contract (PluginInterface, pydantic capabilities),
   *         served by the SDK from its manifest's entrypoint, with pydantic in its requirements.txt
   */
  static Map<String, String> python(String name) {
    String type = javaType(name).replaceAll("[^A-Za-z0-9_]", "") + "Plugin";
    JsonObject manifest = manifest(name, new JsonObject().put("runtime", "process")
      .put("entrypoint", "plugin:" + type));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest.encodePrettily() + "\n");
    files.put("plugin.py", fill(PYTHON_PLUGIN, name, "", type));
    files.put("requirements.txt", "pydantic>=2,<3\n");
    files.put("README.md", fill(PYTHON_README, name, "", type));
    return files;
  }

  /** @return where the scaffolded pom puts the plugin's jar, relative to the plugin directory */
  static String jarPath(String name) {
    return "target/" + name + ".jar";
  }

  /** Keys in the order of DESIGN.md section 4 (a JsonObject keeps insertion order). */
  private static JsonObject manifest(String name, JsonObject runtimeKeys) {
    return new JsonObject().put("id", name).put("name", name).put("version", VERSION)
      .put("description", "The " + name + " plugin").put("apiVersion", 2)
      .mergeIn(runtimeKeys)
      .put("capabilities", new JsonArray().add(name + ".hello"))
      .put("permissions", new JsonArray()).put("config", new JsonObject());
  }

  static String javaPackage(String name) {
    String pkg = name.replace("-", "");
    return SourceVersion.isKeyword(pkg) ? pkg + "_" : pkg;
  }

  static String javaType(String name) {
    StringBuilder type = new StringBuilder();
    for (String part : name.split("-")) {
      if (!part.isEmpty()) {
        type.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return type.toString();
  }

  private static String fill(String template, String name, String pkg, String type) {
    return template.replace("{{name}}", name).replace("{{package}}", pkg).replace("{{type}}", type)
      .replace("{{version}}", VERSION).replace("{{apiVersion}}", API_VERSION).replace("{{jar}}", jarPath(name));
  }

  private static final String POM = """
    <?xml version="1.0" encoding="UTF-8"?>
    <project xmlns="http://maven.apache.org/POM/4.0.0"
             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
             xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
      <modelVersion>4.0.0</modelVersion>
      <groupId>com.example</groupId>
      <artifactId>{{name}}-plugin</artifactId>
      <version>{{version}}</version>
      <name>Dhii plugin: {{name}}</name>

      <properties>
        <maven.compiler.release>17</maven.compiler.release>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
      </properties>

      <dependencies>
        <!-- provided: the runtime's plugin class loader supplies the API, vertx-core, Jackson and SLF4J -->
        <dependency>
          <groupId>dev.dhii</groupId>
          <artifactId>dhii-api</artifactId>
          <version>{{apiVersion}}</version>
          <scope>provided</scope>
        </dependency>
      </dependencies>

      <build>
        <!-- target/{{name}}.jar: the path manifest.json's classpath names -->
        <finalName>{{name}}</finalName>
        <!-- pinned, as the runtime pins them: Maven's defaults are old and change with its version -->
        <plugins>
          <plugin>
            <artifactId>maven-resources-plugin</artifactId>
            <version>3.3.1</version>
          </plugin>
          <plugin>
            <artifactId>maven-compiler-plugin</artifactId>
            <version>3.13.0</version>
          </plugin>
          <plugin>
            <artifactId>maven-surefire-plugin</artifactId>
            <version>3.5.2</version>
          </plugin>
          <plugin>
            <artifactId>maven-jar-plugin</artifactId>
            <version>3.4.2</version>
          </plugin>
          <plugin>
            <artifactId>maven-clean-plugin</artifactId>
            <version>3.4.0</version>
          </plugin>
        </plugins>
      </build>
    </project>
    """;

  private static final String JAVA_PLUGIN = """
    package {{package}};

    import dev.dhii.api.Capability;
    import dev.dhii.api.Plugin;
    import io.vertx.core.Future;

    import java.util.List;

    /** The {{name}} plugin: one capability, {@code {{name}}.hello}. */
    public final class {{type}} implements Plugin {

      /** The input of {@code {{name}}.hello}; its JSON Schema is generated from the record. */
      public record Hello(String name) {}

      /** The output of {@code {{name}}.hello}. */
      public record Greeting(String text) {}

      private final Capability<Hello, Greeting> hello = Capability.builder("{{name}}.hello", Hello.class, Greeting.class)
          .description("Greets someone")
          .requiresAuth(false)
          .idempotent(true)
          .handler((in, ctx) -> Future.succeededFuture(new Greeting("Hello, " + in.name())))
          .build();

      @Override
      public List<Capability<?, ?>> capabilities() {
        return List.of(hello);
      }
    }
    """;

  private static final String JAVA_README = """
    # {{name}}

    A Dhii plugin with one capability, `{{name}}.hello` (`{"name": "Ada"}` -> `{"text": "Hello, Ada"}`).

    ## Build

    The plugin compiles against `dev.dhii:dhii-api:{{apiVersion}}`: install it once from the runtime's
    checkout (`mvn -B install -DskipTests`), then:

    ```bash
    mvn -B package                       # writes {{jar}}, the jar manifest.json's classpath names
    dhii plugin validate .               # manifest, forbidden calls, entrypoint and capabilities
    ```

    ## Install

    ```bash
    dhii plugin bundle . --out {{name}}-{{version}}.zip
    dhii plugin install {{name}}-{{version}}.zip         # into the runtime's plugins/ directory
    ```

    The runtime discovers new plugins when it starts; an installed plugin that is already running is
    replaced with `POST /v1/plugins/{{name}}/redeploy` (admin token). Then:

    ```bash
    dhii invoke {{name}}.hello --data '{"name":"Ada"}'
    ```
    """;

  private static final String PYTHON_PLUGIN = """
    \"\"\"The {{name}} plugin: one capability, {{name}}.hello, written to the seed's plugin contract.

    The runtime serves this module from its manifest ("entrypoint": "plugin:{{type}}") with
    `python -m dhii_plugin serve`, in a virtual environment made from requirements.txt: the input and
    output JSON Schemas it announces are those of the pydantic models below.
    \"\"\"
    from typing import Optional

    from pydantic import BaseModel

    from a2ui_integration.core.exceptions import PluginValidationError
    from a2ui_integration.core.plugin_contract import ExecutionContext, PluginCapability, PluginInterface


    class HelloInput(BaseModel):
        name: str


    class HelloOutput(BaseModel):
        text: str


    class {{type}}(PluginInterface):

        async def on_load(self, config):
            self.config = config

        @property
        def capabilities(self):
            return [
                PluginCapability[HelloInput, HelloOutput](
                    id="{{name}}.hello", name="Hello", description="Greets someone",
                    input_model=HelloInput, output_model=HelloOutput, requires_auth=False),
            ]

        async def execute_capability(self, capability_id, params, context: Optional[ExecutionContext] = None):
            \"\"\"{{name}}.hello: greets someone (params is a HelloInput, checked against its schema).\"\"\"
            if not params.name.strip():
                raise PluginValidationError("name must not be blank")
            return HelloOutput(text="Hello, " + params.name)
    """;

  private static final String PYTHON_README = """
    # {{name}}

    A Dhii process plugin with one capability, `{{name}}.hello` (`{"name": "Ada"}` -> `{"text": "Hello, Ada"}`),
    written to the seed's plugin contract: a `PluginInterface` with async lifecycle and pydantic
    `PluginCapability[HelloInput, HelloOutput]`.

    The manifest declares `"runtime": "process"` and `"entrypoint": "plugin:{{type}}"` (no command): the
    runtime makes a virtual environment from `requirements.txt` (pip's own configuration applies, so a
    local wheelhouse works offline) and runs `python -m dhii_plugin serve plugin:{{type}}` in the
    plugin's data directory. The process connects to the runtime, announces each capability with the
    JSON Schemas of its models, and serves the calls; the runtime validates every call both ways,
    applies its deadline, breaker, bulkhead and rate limit, and restarts the process if it dies. Raise
    `PluginValidationError`, `PluginNetworkError`, ... from `a2ui_integration.core.exceptions` for typed
    errors; `context.cancellation_token` is set when the caller cancels or the deadline passes.

    ## Check and package

    ```bash
    dhii plugin validate .
    dhii plugin bundle . --out {{name}}-{{version}}.zip
    dhii plugin install {{name}}-{{version}}.zip
    ```
    """;
}
