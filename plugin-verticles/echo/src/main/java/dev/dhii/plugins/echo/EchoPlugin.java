package dev.dhii.plugins.echo;

import dev.dhii.api.Capability;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginContext;
import dev.dhii.api.schema.Schema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The sample plugin: {@code echo.echo} returns its input. No authentication and no rate limit, so that
 * the README example and the benchmarks measure the dispatch pipeline itself. Its capability is
 * {@code <plugin id>.echo}: {@code echo.echo} as shipped, and a copy of the plugin under another id (the
 * many copies of {@code ./dhii bench --mode plugins}) serves a capability of its own.
 */
public final class EchoPlugin implements Plugin {

  /**
   * Input and output of {@code echo.echo}.
   *
   * @param text the text to echo back
   * @param n an optional number, echoed back too
   */
  public record Echo(@Schema(description = "Text to echo back", maxLength = 10000) String text,
                     @Schema(description = "Optional number, echoed back", required = false) Integer n) {
  }

  private volatile Capability<Echo, Echo> echo = echo("echo");

  private static Capability<Echo, Echo> echo(String pluginId) {
    return Capability.builder(pluginId + ".echo", Echo.class, Echo.class)
      .name("Echo")
      .description("Returns its input unchanged")
      .tags("sample")
      .requiresAuth(false)
      .rateLimitPerMinute(0)
      .idempotent(true)
      .handler((in, ctx) -> Future.succeededFuture(in))
      .build();
  }

  @Override
  public Future<Void> onLoad(PluginContext ctx, JsonObject config) {
    echo = echo(ctx.pluginId());
    return Future.succeededFuture();
  }

  @Override
  public List<Capability<?, ?>> capabilities() {
    return List.of(echo);
  }
}
