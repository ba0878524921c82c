package dev.dhii.runtime.process;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * A recycling under way ({@link ProcessRecycling}): the replacement's token until it announces, its announcement
 * consumer, and the process it replaces, which finishes its calls meanwhile.
 */
final class ProcessReplacement {

  /** The replacement's token until it announces, else null. */
  volatile String token;
  /** The process being replaced, finishing its calls, else null. */
  volatile Process retiring;
  /** Where the replacement announces, until it does. */
  MessageConsumer<JsonObject> announcements;

  /** Forgets a replacement that did not announce (or the plugin stops): the replaced process is killed. */
  void drop() {
    token = null;
    if (announcements != null) {
      announcements.unregister();
      announcements = null;
    }
    Process old = retiring;
    if (old != null) {
      old.destroyForcibly();
    }
  }

  /** @return whether a replacement is starting, or a replaced process is still finishing its calls */
  boolean underWay() {
    return token != null || retiring != null;
  }
}
