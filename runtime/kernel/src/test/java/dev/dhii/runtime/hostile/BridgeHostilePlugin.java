package dev.dhii.runtime.hostile;

import dev.dhii.api.Capability;
import dev.dhii.api.Plugin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The capabilities the bridge hostile suites call: {@code hx.echo} (anonymous), {@code hx.user} (requires
 * a caller: answers its id) and {@code hx.limited} (anonymous, two calls a minute per caller).
 */
public final class BridgeHostilePlugin implements Plugin {

  private static final JsonObject ANY = new JsonObject().put("type", "object");

  @Override
  public List<Capability<?, ?>> capabilities() {
    return List.of(
      Capability.builder("hx.echo", JsonObject.class, JsonObject.class).requiresAuth(false).rateLimitPerMinute(0)
        .inputSchema(ANY).outputSchema(ANY).handler((in, ctx) -> Future.succeededFuture(in)).build(),
      Capability.builder("hx.user", JsonObject.class, JsonObject.class).requiresAuth(true).rateLimitPerMinute(0)
        .inputSchema(ANY).outputSchema(ANY)
        .handler((in, ctx) -> Future.succeededFuture(new JsonObject().put("userId", ctx.userId()))).build(),
      Capability.builder("hx.limited", JsonObject.class, JsonObject.class).requiresAuth(false).rateLimitPerMinute(2)
        .inputSchema(ANY).outputSchema(ANY).handler((in, ctx) -> Future.succeededFuture(new JsonObject().put("ok", true)))
        .build());
  }
}
