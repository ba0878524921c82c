package dev.dhii.runtime.cluster.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the nodes' own listings into cluster-wide ones. A plugin (or capability) known to several nodes
 * is listed once, from a node where it is READY when there is one (this node first), with
 * {@code "node"} naming that node (its figures: calls, breaker, bulkhead), {@code "nodes"} the nodes
 * where it is READY and {@code "states"} its state on each node that knows it.
 */
final class Listings {

  private static final String READY = "READY";

  /**
   * One node's answer.
   *
   * @param node the node id
   * @param snapshot its {@code plugins}, {@code rejected} and {@code capabilities}, or null when unreachable
   * @param unreachable whether it did not answer in time
   */
  record Answer(String node, JsonObject snapshot, boolean unreachable) {
  }

  private Listings() {
  }

  static JsonObject plugins(List<Answer> answers) {
    JsonArray rejected = new JsonArray();
    answers.stream().filter(a -> !a.unreachable()).forEach(a -> a.snapshot().getJsonArray("rejected", new JsonArray())
      .forEach(r -> rejected.add(((JsonObject) r).copy().put("node", a.node()))));
    return new JsonObject().put("plugins", new JsonArray(List.copyOf(merge(answers, "plugins", "id", "state").values())))
      .put("rejected", rejected).put("cluster", cluster(answers));
  }

  static JsonObject plugin(List<Answer> answers, String pluginId) {
    return merge(answers, "plugins", "id", "state").get(pluginId);
  }

  static JsonObject capabilities(List<Answer> answers) {
    return new JsonObject().put("capabilities", new JsonArray(List.copyOf(merge(answers, "capabilities", "id", "state").values())))
      .put("cluster", cluster(answers));
  }

  private static Map<String, JsonObject> merge(List<Answer> answers, String list, String idKey, String stateKey) {
    Map<String, JsonObject> byId = new TreeMap<>();
    for (Answer answer : answers) {
      if (answer.unreachable()) {
        continue;
      }
      for (Object item : answer.snapshot().getJsonArray(list, new JsonArray())) {
        JsonObject entry = (JsonObject) item;
        String id = entry.getString(idKey);
        String state = entry.getString(stateKey);
        JsonObject merged = byId.get(id);
        if (merged == null || (!READY.equals(merged.getString(stateKey)) && READY.equals(state))) {
          JsonObject representative = entry.copy().put("node", answer.node())
            .put("nodes", merged == null ? new JsonArray() : merged.getJsonArray("nodes"))
            .put("states", merged == null ? new JsonObject() : merged.getJsonObject("states"));
          byId.put(id, merged = representative);
        }
        if (READY.equals(state)) {
          merged.getJsonArray("nodes").add(answer.node());
        }
        merged.getJsonObject("states").put(answer.node(), state);
      }
    }
    return byId;
  }

  private static JsonObject cluster(List<Answer> answers) {
    JsonArray nodes = new JsonArray();
    JsonArray unreachable = new JsonArray();
    answers.forEach(a -> (a.unreachable() ? unreachable : nodes).add(a.node()));
    return new JsonObject().put("node", answers.get(0).node()).put("nodes", nodes).put("unreachable", unreachable);
  }
}
