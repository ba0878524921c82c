package dev.dhii.runtime.cluster;

import dev.dhii.runtime.cluster.impl.ClusteredView;
import dev.dhii.runtime.cluster.impl.LocalView;
import dev.dhii.runtime.kernel.PluginRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The plugin and capability listings the bridges show. A runtime that is not clustered lists its own
 * registry. A clustered one asks every member at once ({@code dhii.node.<nodeId>.info}) and merges the
 * answers that come before the deadline: each plugin and capability says which nodes serve it
 * ({@code "nodes"}), and {@code "cluster"} names the nodes that answered and those that did not.
 */
public interface ClusterView {

  /**
   * @param vertx the Vert.x instance (clustered or not)
   * @param registry this node's registry
   * @param timeoutMs how long a listing waits for the other nodes
   * @return the view for this instance
   */
  static ClusterView create(Vertx vertx, PluginRegistry registry, long timeoutMs) {
    return vertx.isClustered() ? new ClusteredView(vertx, registry, timeoutMs) : new LocalView(registry);
  }

  /** @return starts answering other nodes' listings (clustered only) */
  Future<Void> start();

  /** @return stops answering other nodes' listings */
  Future<Void> close();

  /** @return {@code {"plugins": [...], "rejected": [...]}} (plus {@code "cluster"} when clustered) */
  Future<JsonObject> plugins();

  /**
   * @param pluginId a plugin id
   * @return the plugin's listing, or null when no node knows it
   */
  Future<JsonObject> plugin(String pluginId);

  /** @return {@code {"capabilities": [...]}} (plus {@code "cluster"} when clustered) */
  Future<JsonObject> capabilities();
}
