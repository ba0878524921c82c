package dev.dhii.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How nodes find each other, the {@code cluster} section of conf/runtime.json. The config path is as written
 * (a relative one resolves against the runtime's home, see {@link RuntimeOptions}).
 *
 * @param name the cluster's name (only members with the same name join), or null to keep the Hazelcast file's
 * @param config the Hazelcast configuration file (the embedded copy is used when it is missing)
 * @param members the members to join ({@code host[:port]}); empty keeps those of the Hazelcast file
 * @param host the interface the cluster (Hazelcast and the event bus) binds to
 * @param port Hazelcast's first port (the next free one is taken when it is in use)
 * @param eventBusHost the clustered event bus's bind address, or null for {@code host}
 * @param eventBusPort the clustered event bus's port (0: any free port)
 * @param replyGraceMs how much longer than a call's deadline a bridge waits for another node's answer
 * @param infoTimeoutMs the deadline of a cluster-wide listing (nodes that do not answer are listed as unreachable)
 * @param properties Hazelcast properties set over those of the Hazelcast file
 */
public record ClusterOptions(String name, String config, List<String> members, String host, int port,
                             String eventBusHost, int eventBusPort, long replyGraceMs, long infoTimeoutMs,
                             Map<String, String> properties) {

  /** The cluster's name by default. */
  public static final String DEFAULT_NAME = "dhii";
  /** The Hazelcast configuration file by default. */
  public static final String DEFAULT_CONFIG = "conf/cluster.xml";
  /** The members to join by default: this machine. */
  public static final List<String> DEFAULT_MEMBERS = List.of("127.0.0.1");
  /** Loopback only, by default. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Hazelcast's first port by default. */
  public static final int DEFAULT_PORT = 5701;
  /** Any free event bus port, by default. */
  public static final int DEFAULT_EVENT_BUS_PORT = 0;
  /** Another node's answer is waited for 2 s past the call's deadline, by default (as the TCP bridge's). */
  public static final long DEFAULT_REPLY_GRACE_MS = TcpBridgeOptions.DEFAULT_REPLY_GRACE_MS;
  /** A cluster-wide listing waits 2 s by default. */
  public static final long DEFAULT_INFO_TIMEOUT_MS = 2_000;

  /** The defaults. */
  public static final ClusterOptions DEFAULTS = fromJson(new JsonObject());

  /** @param json the {@code cluster} section @return the options, defaults filled in */
  public static ClusterOptions fromJson(JsonObject json) {
    List<String> members = DEFAULT_MEMBERS;
    JsonArray array = json.getJsonArray("members");
    if (array != null) {
      members = new ArrayList<>();
      for (Object m : array) {
        members.add(String.valueOf(m));
      }
    }
    Map<String, String> properties = new LinkedHashMap<>();
    json.getJsonObject("properties", new JsonObject()).forEach(p -> properties.put(p.getKey(), String.valueOf(p.getValue())));
    return new ClusterOptions(json.getString("name", DEFAULT_NAME), json.getString("config", DEFAULT_CONFIG),
      List.copyOf(members), json.getString("host", DEFAULT_HOST), json.getInteger("port", DEFAULT_PORT),
      json.getString("eventBusHost"), json.getInteger("eventBusPort", DEFAULT_EVENT_BUS_PORT),
      json.getLong("replyGraceMs", DEFAULT_REPLY_GRACE_MS), json.getLong("infoTimeoutMs", DEFAULT_INFO_TIMEOUT_MS),
      java.util.Collections.unmodifiableMap(properties));
  }
}
