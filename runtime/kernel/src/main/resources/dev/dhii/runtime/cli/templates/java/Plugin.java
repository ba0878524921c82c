package {{package}};

import dev.dhii.api.Capability;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginValidationException;
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
      .handler((in, ctx) -> in.name() == null || in.name().isBlank()
          ? Future.failedFuture(new PluginValidationException("name must not be blank"))
          : Future.succeededFuture(new Greeting("Hello, " + in.name())))
      .build();

  @Override
  public List<Capability<?, ?>> capabilities() {
    return List.of(hello);
  }
}
