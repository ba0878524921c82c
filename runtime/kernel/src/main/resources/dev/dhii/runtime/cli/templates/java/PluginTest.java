package {{package}};

import dev.dhii.testkit.PluginCallException;
import dev.dhii.testkit.PluginTestKit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code {{name}}.hello} served by a real runtime started in this JVM with this directory's plugin. */
class {{type}}Test {

  @RegisterExtension
  static final PluginTestKit dhii = PluginTestKit.forPlugin(Path.of("."));

  @Test
  void greetsByName() {
    JsonObject out = dhii.invoke("{{name}}.hello", new JsonObject().put("name", "Ada"));
    assertEquals("Hello, Ada", out.getString("text"));
  }

  @Test
  void aBlankNameIsAValidationError() {
    PluginCallException failure = assertThrows(PluginCallException.class,
        () -> dhii.invoke("{{name}}.hello", new JsonObject().put("name", " ")));
    assertEquals("VALIDATION", failure.code());
  }

  @Test
  void anInputOutsideTheSchemaIsAValidationError() {
    PluginCallException failure = assertThrows(PluginCallException.class,
        () -> dhii.invoke("{{name}}.hello", new JsonObject().put("name", 42)));
    assertEquals("VALIDATION", failure.code());
  }
}
