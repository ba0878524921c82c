package dev.dhii.runtime.cluster.impl;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.cluster.ClusterNodes;
import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.kernel.PluginRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Listings of a clustered runtime: this node's registry plus the answer of every other member to
 * {@code dhii.node.<nodeId>.info}, asked at once, each with the same deadline. A member with no such
 * consumer is not a runtime (a bare client) and is left out; a member that does not answer in time
 * (gone, or stuck) is listed under {@code cluster.unreachable}.
 */
public final class ClusteredView implements ClusterView {

  private static final Logger LOG = LoggerFactory.getLogger(ClusteredView.class);

  private final Vertx vertx;
  private final PluginRegistry registry;
  private final long timeoutMs;
  private final String self;
  private MessageConsumer<Object> consumer;

  /**
   * @param vertx a clustered Vert.x instance
   * @param registry this node's registry
   * @param timeoutMs how long a listing waits for the other nodes
   */
  public ClusteredView(Vertx vertx, PluginRegistry registry, long timeoutMs) {
    this.vertx = vertx;
    this.registry = registry;
    this.timeoutMs = timeoutMs;
    this.self = ClusterNodes.self(vertx);
  }

  @Override
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.nodeInfo(self), message -> message.reply(snapshot()));
    return consumer.completion();
  }

  @Override
  public Future<Void> close() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private JsonObject snapshot() {
    return registry.pluginsListing().mergeIn(registry.capabilitiesListing());
  }

  @Override
  public Future<JsonObject> plugins() {
    return gather().map(Listings::plugins);
  }

  @Override
  public Future<JsonObject> plugin(String pluginId) {
    return gather().map(nodes -> Listings.plugin(nodes, pluginId));
  }

  @Override
  public Future<JsonObject> capabilities() {
    return gather().map(Listings::capabilities);
  }

  private Future<List<Listings.Answer>> gather() {
    List<Future<Listings.Answer>> answers = new ArrayList<>();
    answers.add(Future.succeededFuture(new Listings.Answer(self, snapshot(), false)));
    List<String> members;
    try {
      members = ClusterNodes.members(vertx);
    } catch (RuntimeException e) { // the cluster manager is leaving (this node is stopping): list this node
      LOG.debug("cluster members unknown: {}", e.toString());
      members = List.of();
    }
    members.stream().filter(node -> !node.equals(self)).sorted().forEach(node -> answers.add(ask(node)));
    return Future.all(answers).map(all -> {
      List<Listings.Answer> list = new ArrayList<>();
      answers.forEach(f -> {
        if (f.result() != null) {
          list.add(f.result());
        }
      });
      return list;
    });
  }

  /** @return the node's answer, null for a member that is not a runtime, or an unreachable answer */
  private Future<Listings.Answer> ask(String node) {
    return vertx.eventBus().<JsonObject>request(Addresses.nodeInfo(node), null, new DeliveryOptions().setSendTimeout(timeoutMs))
      .map(reply -> new Listings.Answer(node, reply.body(), false))
      .otherwise(failure -> {
        if (failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
          return null;
        }
        LOG.warn("cluster node {} did not describe its plugins within {} ms: {}", node, timeoutMs, failure.getMessage());
        return new Listings.Answer(node, null, true);
      });
  }
}
