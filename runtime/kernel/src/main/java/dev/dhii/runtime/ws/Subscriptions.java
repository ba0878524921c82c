package dev.dhii.runtime.ws;

import dev.dhii.runtime.config.WebSocketOptions;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's event subscriptions: the topics (prefixes of an event's {@code type}, e.g.
 * {@code "plugin."}) and, while there is at least one, a consumer of {@code dhii.events}. Used only on
 * the connection's context, where the consumer is registered and so delivers. Bounded: a topic's length
 * ({@code websocket.maxTopicLength}), the topics of one connection ({@code maxTopics}, past it VALIDATION)
 * and of every connection together ({@code maxTotalTopics}, past it OVERLOADED).
 */
final class Subscriptions {

  private final Vertx vertx;
  private final Handler<JsonObject> sink;
  private final Set<String> topics = new LinkedHashSet<>();
  private final WebSocketOptions options;
  private final AtomicLong total;
  private MessageConsumer<Object> consumer;

  /**
   * @param vertx the Vert.x instance
   * @param sink receives every matching event
   * @param options the bounds on topics
   * @param total the topics subscribed by every connection together
   */
  Subscriptions(Vertx vertx, Handler<JsonObject> sink, WebSocketOptions options, AtomicLong total) {
    this.vertx = vertx;
    this.sink = sink;
    this.options = options;
    this.total = total;
  }

  /**
   * @param added topics to add
   * @return every topic now subscribed, once the consumer is registered (a client may rely on events
   *   published after the reply)
   * @throws RpcError VALIDATION for a topic too long or too many topics on this connection, OVERLOADED when
   *   every connection together holds as many as the runtime keeps
   */
  Future<JsonArray> add(Collection<String> added) {
    Set<String> fresh = new LinkedHashSet<>();
    for (String topic : added) {
      if (topic.length() > options.getMaxTopicLength()) {
        throw RpcError.invalidParams("a topic may have at most " + options.getMaxTopicLength() + " characters");
      }
      if (!topics.contains(topic)) {
        fresh.add(topic);
      }
    }
    if (topics.size() + fresh.size() > options.getMaxTopics()) {
      throw RpcError.invalidParams("a connection may subscribe to at most " + options.getMaxTopics() + " topics; "
        + topics.size() + " are subscribed");
    }
    if (total.addAndGet(fresh.size()) > options.getMaxTotalTopics()) {
      total.addAndGet(-fresh.size());
      throw RpcError.of(ErrorCode.OVERLOADED, "The runtime holds as many subscriptions as it keeps ("
        + options.getMaxTotalTopics() + " topics over every connection); try again later", null);
    }
    topics.addAll(fresh);
    if (consumer == null) {
      consumer = vertx.eventBus().consumer(Addresses.EVENTS, this::deliver);
    }
    return consumer.completion().map(v -> topics());
  }

  /**
   * @param removed topics to drop, or null for every topic
   * @return the topics still subscribed
   */
  JsonArray remove(Collection<String> removed) {
    int before = topics.size();
    if (removed == null) {
      topics.clear();
    } else {
      topics.removeAll(removed);
    }
    total.addAndGet(topics.size() - before);
    if (topics.isEmpty()) {
      close();
    }
    return topics();
  }

  /** Drops every topic and unregisters the consumer. */
  void close() {
    total.addAndGet(-topics.size());
    topics.clear();
    if (consumer != null) {
      consumer.unregister();
      consumer = null;
    }
  }

  private JsonArray topics() {
    return new JsonArray(new ArrayList<>(topics));
  }

  private void deliver(Message<Object> message) {
    if (message.body() instanceof JsonObject event && event.getValue("type") instanceof String type) {
      for (String topic : topics) {
        if (type.startsWith(topic)) {
          sink.handle(event);
          return;
        }
      }
    }
  }
}
