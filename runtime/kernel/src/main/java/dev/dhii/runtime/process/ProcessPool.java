package dev.dhii.runtime.process;

import dev.dhii.api.ExecutionContext;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.api.PluginConfigurationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The processes of one process plugin ({@code resources.processes}, one unless the manifest says more): each is
 * a {@link SupervisedProcess} of its own (token, supervision, restarts, memory bound, recycling), and every call
 * goes to one of them. A call goes to the serving process holding the fewest calls, the next in turn among equals;
 * while none serves, it fails as a single process's would (NETWORK, nothing done).
 */
final class ProcessPool {

  /** Sends one call of a capability. */
  @FunctionalInterface
  interface Route {
    Future<JsonObject> send(String capabilityId, JsonObject input, ExecutionContext ctx);
  }

  private final List<SupervisedProcess> members;
  private final AtomicInteger turn = new AtomicInteger();

  ProcessPool(PluginManifest manifest, ProcessSupport support) {
    int size = Math.max(1, manifest.resources().processCount());
    List<SupervisedProcess> made = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      made.add(new SupervisedProcess(manifest, support, this::send));
    }
    this.members = List.copyOf(made);
  }

  /** @return the processes, the first one first */
  List<SupervisedProcess> members() {
    return members;
  }

  /** @return the first process: its announcement is the plugin's capabilities */
  SupervisedProcess first() {
    return members.get(0);
  }

  Future<JsonObject> send(String capabilityId, JsonObject input, ExecutionContext ctx) {
    return pick().sender().send(capabilityId, input, ctx);
  }

  private SupervisedProcess pick() {
    int size = members.size();
    if (size == 1) {
      return members.get(0);
    }
    int start = Math.floorMod(turn.getAndIncrement(), size);
    SupervisedProcess best = null;
    int fewest = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      SupervisedProcess member = members.get((start + i) % size);
      if (member.serving()) {
        int load = member.held().size();
        if (load < fewest) {
          best = member;
          fewest = load;
        }
      }
    }
    return best != null ? best : members.get(start);
  }

  /** Starts every process; completes once all announced the same capabilities. */
  Future<Void> start(Vertx vertx, JsonObject config) {
    List<Future<Void>> started = new ArrayList<>();
    members.forEach(member -> started.add(member.start(vertx, config)));
    return Future.all(started).<Void>mapEmpty().recover(e -> stop().transform(v -> Future.failedFuture(
      started.stream().filter(Future::failed).findFirst().map(Future::cause).orElse(e))))
      .compose(v -> {
        for (SupervisedProcess member : members) {
          if (!member.announcedIds().equals(first().announcedIds())) {
            String why = "The processes of plugin " + first().manifest().id() + " announced different capabilities: "
              + first().announcedIds() + " and " + member.announcedIds();
            return stop().transform(s -> Future.failedFuture(new PluginConfigurationException(why)));
          }
        }
        return Future.succeededFuture();
      });
  }

  /** Stops every process. */
  Future<Void> stop() {
    List<Future<Void>> stopped = new ArrayList<>();
    members.forEach(member -> stopped.add(member.stop()));
    return Future.join(stopped).mapEmpty();
  }

  /** @return calls whose deadline passed while their process has not answered yet, in every process */
  int overrunning() {
    return members.stream().mapToInt(m -> m.held().overrunning()).sum();
  }
}
