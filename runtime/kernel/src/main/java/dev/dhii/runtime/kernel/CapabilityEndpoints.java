package dev.dhii.runtime.kernel;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.dispatch.Dispatcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The event bus consumers of {@code dhii.cap.<id>}: one per capability and event-loop endpoint, all
 * served by the {@link Dispatcher}. Consumers belong to a capability, not to a generation: a redeploy
 * keeps them and only swaps the routes behind them.
 */
final class CapabilityEndpoints {

  private final Vertx vertx;
  private final List<Context> contexts;
  private final Dispatcher dispatcher;
  private final Map<String, List<MessageConsumer<Object>>> consumers = new ConcurrentHashMap<>();

  CapabilityEndpoints(Vertx vertx, List<Context> contexts, Dispatcher dispatcher) {
    this.vertx = vertx;
    this.contexts = contexts;
    this.dispatcher = dispatcher;
  }

  /** Registers consumers for the capabilities that have none yet. */
  Future<Void> register(Collection<String> capabilityIds) {
    List<Future<Void>> registered = new ArrayList<>();
    for (String capabilityId : capabilityIds) {
      if (consumers.containsKey(capabilityId)) {
        continue;
      }
      List<MessageConsumer<Object>> list = new CopyOnWriteArrayList<>();
      consumers.put(capabilityId, list);
      for (Context endpoint : contexts) {
        Promise<Void> done = Promise.promise();
        endpoint.runOnContext(v -> {
          MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.capability(capabilityId), dispatcher::handle);
          list.add(consumer);
          consumer.completion().onComplete(done);
        });
        registered.add(done.future());
      }
    }
    return Future.all(registered).mapEmpty();
  }

  /** Unregisters the consumers of these capabilities. */
  void unregister(Collection<String> capabilityIds) {
    for (String capabilityId : capabilityIds) {
      List<MessageConsumer<Object>> list = consumers.remove(capabilityId);
      if (list != null) {
        list.forEach(MessageConsumer::unregister);
      }
    }
  }

  /** An event-loop context on which capability consumers are registered. */
  static final class Endpoint extends VerticleBase {
    private final List<Context> contexts;

    Endpoint(List<Context> contexts) {
      this.contexts = contexts;
    }

    @Override
    public Future<?> start() {
      contexts.add(context);
      return Future.succeededFuture();
    }
  }
}
