package dev.dhii.runtime.ws;

import dev.dhii.runtime.Addresses;
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

/**
 * One connection's event subscriptions: the topics (prefixes of an event's {@code type}, e.g.
 * {@code "plugin."}) and, while there is at least one, a consumer of {@code dhii.events}. Used only on
 * the connection's context, where the consumer is registered and so delivers.
 */
final class Subscriptions {

  private final Vertx vertx;
  private final Handler<JsonObject> sink;
  private final Set<String> topics = new LinkedHashSet<>();
  private MessageConsumer<Object> consumer;

  /**
   * @param vertx the Vert.x instance
   * @param sink receives every matching event
   */
  Subscriptions(Vertx vertx, Handler<JsonObject> sink) {
    this.vertx = vertx;
    this.sink = sink;
  }

  /**
   * @param added topics to add
   * @return every topic now subscribed, once the consumer is registered (a client may rely on events
   *   published after the reply)
   */
  Future<JsonArray> add(Collection<String> added) {
    topics.addAll(added);
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
    if (removed == null) {
      topics.clear();
    } else {
      topics.removeAll(removed);
    }
    if (topics.isEmpty()) {
      close();
    }
    return topics();
  }

  /** Drops every topic and unregisters the consumer. */
  void close() {
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
