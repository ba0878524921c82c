package dev.dhii.runtime.hostile;

import dev.dhii.api.Capability;
import dev.dhii.api.Plugin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The capabilities the HTTP hostile suite calls: typed records, a pass-through, one needing auth, one that throws. */
public final class HttpHostileFixture implements Plugin {

  /** A flat record: every field a different JSON type. */
  public record Typed(String name, int count, long big, double ratio, boolean flag) {
  }

  /** A nested record with a list. */
  public record Inner(int level, String tag) {
  }

  /** Holds an {@link Inner} and a list of integers. */
  public record Nested(Inner inner, List<Integer> values) {
  }

  @Override
  public List<Capability<?, ?>> capabilities() {
    return List.of(
      Capability.builder("hx.typed", Typed.class, Typed.class).requiresAuth(false).rateLimitPerMinute(0)
        .handler((in, ctx) -> Future.succeededFuture(in)).build(),
      Capability.builder("hx.nested", Nested.class, Nested.class).requiresAuth(false).rateLimitPerMinute(0)
        .handler((in, ctx) -> Future.succeededFuture(in)).build(),
      Capability.builder("hx.echo", JsonObject.class, JsonObject.class).requiresAuth(false).rateLimitPerMinute(0)
        .handler((in, ctx) -> Future.succeededFuture(in)).build(),
      Capability.builder("hx.other", JsonObject.class, JsonObject.class).requiresAuth(false).rateLimitPerMinute(0)
        .handler((in, ctx) -> Future.succeededFuture(new JsonObject().put("other", true))).build(),
      Capability.builder("hx.secure", JsonObject.class, JsonObject.class).requiresAuth(true).rateLimitPerMinute(0)
        .handler((in, ctx) -> Future.succeededFuture(new JsonObject().put("user", ctx.userId()))).build(),
      Capability.builder("hx.throw", JsonObject.class, JsonObject.class).requiresAuth(false).rateLimitPerMinute(0)
        .handler((in, ctx) -> {
          throw new IllegalStateException("boom");
        }).build());
  }
}
