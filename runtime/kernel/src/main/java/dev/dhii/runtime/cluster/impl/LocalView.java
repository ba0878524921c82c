package dev.dhii.runtime.cluster.impl;

import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The listings of a runtime that is not clustered: its own registry, as is. */
public final class LocalView implements ClusterView {

  private final PluginRegistry registry;

  /** @param registry this node's registry */
  public LocalView(PluginRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  @Override
  public Future<JsonObject> plugins() {
    return Future.succeededFuture(registry.pluginsListing());
  }

  @Override
  public Future<JsonObject> plugin(String pluginId) {
    PluginRecord record = registry.plugin(pluginId);
    return Future.succeededFuture(record == null ? null : record.toJson());
  }

  @Override
  public Future<JsonObject> capabilities() {
    return Future.succeededFuture(registry.capabilitiesListing());
  }
}
