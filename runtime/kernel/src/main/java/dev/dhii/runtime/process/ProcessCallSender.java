package dev.dhii.runtime.process;

import dev.dhii.api.ExecutionContext;
import dev.dhii.api.PluginNetworkException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one call of a process plugin to its process, as an event bus request on the process's calls address:
 * the caller's cancellation is passed on, a call past its deadline (and a grace) counts as overrunning
 * ({@link ProcessRecycling}), and the reply is mapped by {@link ProcessWire}.
 */
final class ProcessCallSender {

  private final SupervisedProcess process;
  private final AtomicLong callIds = new AtomicLong();

  ProcessCallSender(SupervisedProcess process) {
    this.process = process;
  }

  Future<JsonObject> send(String capabilityId, JsonObject input, ExecutionContext ctx) {
    String pluginId = process.manifest().id();
    if (!process.connected()) {
      return Future.failedFuture(new PluginNetworkException("The process of plugin " + pluginId + " is not connected ("
        + process.down() + ")", null, true));
    }
    Vertx vertx = process.vertx();
    long remaining = Math.max(1, ctx.deadline().toEpochMilli() - System.currentTimeMillis());
    String callId = Long.toString(callIds.incrementAndGet());
    JsonObject request = ProcessWire.request(capabilityId, callId, input, ctx);
    Promise<JsonObject> result = Promise.promise();
    ProcessCalls held = process.held();
    // while a replacement starts, calls still go to the process being replaced, on its address
    Process retiring = process.replacement().retiring;
    ProcessCalls.Call sent = held.add(process.replacement().token != null && retiring != null ? retiring : process.current(),
      result);
    String address = process.callsAddress();
    // the caller cancelled or the deadline passed while the process has the call: tell it (no reply)
    ctx.cancellation().onCancel(() -> {
      if (!result.future().isComplete() && process.connected()) {
        vertx.eventBus().send(address, Announcements.cancel(callId, ctx.cancellation().reason()));
      }
    });
    // the kernel's own deadline answers the caller; past it (and a grace) a call not answered is overrunning,
    // and the reply handler waits on for its late reply, which is when the process is free again
    long overrun = vertx.setTimer(remaining + ProcessRecycling.OVERRUN_GRACE_MS,
      t -> ProcessRecycling.overran(process, sent, ctx));
    vertx.eventBus().<JsonObject>request(address, request,
        new DeliveryOptions().setSendTimeout(remaining + ProcessRecycling.LATE_REPLY_MS))
      .transform(ar -> ar.succeeded() ? ProcessWire.answer(capabilityId, ar.result().body())
        : Future.failedFuture(ProcessWire.unreachable(pluginId, ar.cause())))
      .onComplete(ar -> {
        vertx.cancelTimer(overrun);
        held.remove(sent);
        // a process that exited mid-call failed this call already: complete it once only
        if (ar.succeeded()) {
          result.tryComplete(ar.result());
        } else {
          result.tryFail(ar.cause());
        }
        ProcessRecycling.retireIfIdle(process, sent.process);
      });
    return result.future();
  }
}
