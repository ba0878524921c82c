package dev.dhii.api.legacy;

import dev.dhii.api.Capability;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginConfigurationException;
import dev.dhii.api.PluginContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Runs a v1 {@link DomainModule} as a v2 {@link Plugin}: initialize on load (false fails the plugin),
 * shutdown on unload, each v1 capability as a v2 capability with v1's schemas and auth flag, not
 * idempotent and without a rate limit (v1 had neither). The runtime wraps an {@code apiVersion: 1}
 * entrypoint in it; a plugin may also return one itself.
 */
public final class LegacyAdapter implements Plugin {

  private final DomainModule module;
  private volatile List<Capability<?, ?>> capabilities;

  /** @param module the v1 plugin */
  public LegacyAdapter(DomainModule module) {
    this.module = module;
  }

  private Capability<JsonObject, JsonObject> adapt(LegacyCapability c) {
    return Capability.builder(c.id(), JsonObject.class, JsonObject.class)
      .name(c.name()).description(c.description()).tags("v1", c.domain())
      .requiresAuth(c.requiresAuth()).rateLimitPerMinute(0).idempotent(false)
      .inputSchema(c.inputSchema()).outputSchema(c.outputSchema())
      .handler((in, ctx) -> module.executeCapability(c.id(), in))
      .build();
  }

  /** @return the wrapped v1 plugin */
  public DomainModule module() {
    return module;
  }

  @Override
  public Future<Void> onLoad(PluginContext ctx, JsonObject config) {
    return module.initialize().compose(ok -> Boolean.TRUE.equals(ok) ? Future.succeededFuture()
      : Future.failedFuture(new PluginConfigurationException("v1 plugin " + module.domain() + ": initialize() returned false")));
  }

  @Override
  public Future<Void> onUnload() {
    return module.shutdown().mapEmpty();
  }

  /** Read once, after initialize (a v1 plugin may build its list there). */
  @Override
  public List<Capability<?, ?>> capabilities() {
    List<Capability<?, ?>> adapted = capabilities;
    if (adapted == null) {
      List<LegacyCapability> declared = module.capabilities();
      adapted = (declared == null ? List.<LegacyCapability>of() : declared).stream().<Capability<?, ?>>map(this::adapt).toList();
      capabilities = adapted;
    }
    return adapted;
  }
}
