package dev.dhii.runtime.tcp.impl;

import io.vertx.core.eventbus.Message;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The reply addresses one bridge connection knows of: those of messages delivered to the client (the client
 * may send its answer there, once; the message is kept to answer it) and those of the client's own requests
 * still waiting for their answer (while any waits, the connection is not idle). Each kind keeps at most
 * {@value #MAX_REMEMBERED}; a client that never answers loses the oldest, whose sender then times out.
 */
final class ReplyAddresses {

  /** Reply addresses remembered per connection, of each kind. */
  static final int MAX_REMEMBERED = 4096;

  /** Messages delivered to the client that wait for its answer, by their reply address. */
  private final Map<String, Message<Object>> owed = new LinkedHashMap<>();
  /** Reply addresses of the client's own requests still waiting for their answer. */
  private final Set<String> awaiting = new LinkedHashSet<>();

  /** @return the message the client answers by sending to this address (forgotten now), or null */
  Message<Object> answer(String address) {
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

  /** @param replyAddress the reply address of a request of the client that has its answer (or failed) */
  void answered(String replyAddress) {
    awaiting.remove(replyAddress);
  }

  /** @return whether none of the client's requests waits for its answer */
  boolean noneAwaiting() {
    return awaiting.isEmpty();
  }

  /** @param message a message delivered to the client that wants an answer (it has a reply address) */
  void owed(Message<Object> message) {
    owed.put(message.replyAddress(), message);
    if (owed.size() > MAX_REMEMBERED) {
      Iterator<String> oldest = owed.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }
}
