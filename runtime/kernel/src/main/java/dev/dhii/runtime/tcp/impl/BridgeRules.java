package dev.dhii.runtime.tcp.impl;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.config.TcpBridgeOptions;
import dev.dhii.runtime.tcp.BridgeAccess;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * The access rules of one bridge connection, applied to each well-formed frame of its client: no publish;
 * a send only to a permitted address or as the answer to a message delivered to the client; at most
 * {@code maxRegistrations} registered addresses, each permitted; an unregister only of a registered address.
 */
final class BridgeRules {

  /**
   * What becomes of a frame.
   *
   * @param code the error it is refused with, or null when it passes
   * @param message why it is refused
   * @param withClient whether it passes with the client's address in its headers (a request to a capability)
   * @param answering the message a send answers (one delivered to the client), or null
   */
  record Verdict(ErrorCode code, String message, boolean withClient, Message<Object> answering) {
    static final Verdict PASS = new Verdict(null, null, false, null);
    static final Verdict PASS_WITH_CLIENT = new Verdict(null, null, true, null);

    static Verdict refuse(ErrorCode code, String message) {
      return new Verdict(code, message, false, null);
    }

    static Verdict answer(Message<Object> message) {
      return new Verdict(null, null, false, message);
    }
  }

  private final BridgeAccess access;
  private final TcpBridgeOptions options;
  private final ReplyAddresses replies;
  private final Set<String> registrations = new HashSet<>();

  BridgeRules(BridgeAccess access, TcpBridgeOptions options, ReplyAddresses replies) {
    this.access = access;
    this.options = options;
    this.replies = replies;
  }

  /** @param frame a frame {@link BridgeFrames#problemOf} found well-formed @return what becomes of it */
  Verdict judge(JsonObject frame) {
    String type = frame.getString("type");
    String address = frame.getString("address");
    String replyAddress = frame.getString("replyAddress");
    switch (type) {
      case "publish":
        return Verdict.refuse(ErrorCode.FORBIDDEN, "The TCP bridge does not publish: send a request to a"
          + " capability (dhii.cap.<capabilityId>) instead");
      case "send":
        Message<Object> answered = replies.answer(address);
        if (answered != null) {
          return Verdict.answer(answered); // the answer to a message delivered to this client
        } else if (!access.inbound(address)) {
          return Verdict.refuse(ErrorCode.FORBIDDEN, "The TCP bridge does not let clients send to " + address
            + "; capabilities are at dhii.cap.<capabilityId>");
        } else if (replies.full(replyAddress)) {
          return Verdict.refuse(ErrorCode.OVERLOADED, ReplyAddresses.MAX_REMEMBERED
            + " requests of this connection wait for their answers; wait for one");
        }
        replies.awaiting(replyAddress);
        return address.startsWith(Addresses.CAPABILITY_PREFIX) ? Verdict.PASS_WITH_CLIENT : Verdict.PASS;
      case "register":
        if (!access.outbound(address)) {
          return Verdict.refuse(ErrorCode.FORBIDDEN, "The TCP bridge does not let clients receive messages sent to "
            + address);
        } else if (!registrations.contains(address) && registrations.size() >= options.getMaxRegistrations()) {
          return Verdict.refuse(ErrorCode.OVERLOADED, "This connection has registered " + options.getMaxRegistrations()
            + " addresses, the most one connection may");
        }
        registrations.add(address);
        return Verdict.PASS;
      case "unregister":
        return registrations.remove(address) ? Verdict.PASS
          : Verdict.refuse(ErrorCode.NOT_FOUND, "This connection has not registered " + address);
      default: // ping
        return Verdict.PASS;
    }
  }
}
