package dev.dhii.runtime.tcp.impl;

import io.vertx.core.json.JsonObject;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The reply addresses one bridge connection knows of: those of messages the library delivered to the client
 * (the client may send its answer there, once) and those of the client's own requests still waiting for their
 * answer (while any waits, the connection is not idle). Each set keeps at most {@value #MAX_REMEMBERED}; a
 * client that never answers loses the oldest.
 */
final class ReplyAddresses {

  /** Reply addresses remembered per connection, of each kind. */
  static final int MAX_REMEMBERED = 4096;

  /** Reply addresses of messages the library delivered to the client: the client may send to them. */
  private final Set<String> owed = new LinkedHashSet<>();
  /** Reply addresses of the client's own requests still waiting for their answer. */
  private final Set<String> awaiting = new LinkedHashSet<>();

  /** @return whether the client sending to this address answers a message delivered to it (forgotten now) */
  boolean answers(String address) {
    return owed.remove(address);
  }

  /** @return whether a new request with this reply address would be one too many waiting */
  boolean full(String replyAddress) {
    return replyAddress != null && !awaiting.contains(replyAddress) && awaiting.size() >= MAX_REMEMBERED;
  }

  /** @param replyAddress the reply address of a request the client sent, or null */
  void awaiting(String replyAddress) {
    if (replyAddress != null) {
      awaiting.add(replyAddress);
    }
  }

  /** @return whether none of the client's requests waits for its answer */
  boolean noneAwaiting() {
    return awaiting.isEmpty();
  }

  /** Notes a frame from the library: an answer to one of the client's requests, or a message it may answer. */
  void fromLibrary(JsonObject frame) {
    String type = frame.getString("type");
    if (frame.getValue("address") instanceof String a && ("message".equals(type) || "err".equals(type))) {
      awaiting.remove(a);
    }
    if ("message".equals(type) && frame.getValue("replyAddress") instanceof String replyAddress) {
      owed.add(replyAddress);
      if (owed.size() > MAX_REMEMBERED) {
        Iterator<String> oldest = owed.iterator();
        oldest.next();
        oldest.remove();
      }
    }
  }
}
