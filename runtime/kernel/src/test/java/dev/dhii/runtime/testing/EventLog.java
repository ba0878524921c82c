package dev.dhii.runtime.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The JSON messages published on one event-bus address since the log was made, and a Future for the first that matches. */
public final class EventLog {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final Counter received = new Counter();

  private EventLog() {
  }

  /**
   * @param vertx the Vert.x instance
   * @param address the address to record (e.g. {@code dhii.events})
   * @return the log, once its consumer is registered
   */
  public static EventLog listen(Vertx vertx, String address) {
    EventLog log = new EventLog();
    try {
      vertx.eventBus().<JsonObject>consumer(address, m -> {
        log.events.add(m.body());
        log.received.incrementAndGet();
      }).completion().await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("The consumer of " + address + " was not registered", e);
    }
    return log;
  }

  /** @return every message recorded so far */
  public List<JsonObject> all() {
    return List.copyOf(events);
  }

  /** @param match a condition @return completes with the first message that meets it (maybe one already recorded) */
  public Future<JsonObject> first(Predicate<JsonObject> match) {
    return received.when(n -> events.stream().anyMatch(match))
      .map(n -> events.stream().filter(match).findFirst().orElseThrow());
  }

  /** @param type an event type @return the first message whose {@code type} is that */
  public Future<JsonObject> first(String type) {
    return first(e -> type.equals(e.getString("type")));
  }

  /**
   * @param type an event type
   * @param within the deadline
   * @return the first message of that type, waited for on a test thread
   */
  public JsonObject await(String type, Duration within) {
    try {
      return first(type).await(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("No " + type + " event within " + within.toMillis() + " ms; received " + events);
    }
  }
}
