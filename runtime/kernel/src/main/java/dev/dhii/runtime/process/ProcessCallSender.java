package dev.dhii.runtime.process;

import dev.dhii.api.ExecutionContext;
import dev.dhii.api.PluginNetworkException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one call of a process plugin to its process, as an event bus request on the process's calls address:
 * the caller's cancellation is passed on, a call past its deadline (and a grace) counts as overrunning
 * ({@link ProcessRecycling}), and the reply is mapped by {@link ProcessWire}.
 */
final class ProcessCallSender {

  private final SupervisedProcess process;
  private final AtomicLong callIds = new AtomicLong();
  /** The calls the process has now, by call id: where its progress reports go. */
  private final Map<String, Progress> live = new ConcurrentHashMap<>();

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
    live.put(callId, new Progress(ctx));
    // the caller cancelled or the deadline passed while the process has the call: tell it (no reply)
    ctx.cancellation().onCancel(() -> {
      if (!result.future().isComplete() && process.connected()) {
        vertx.eventBus().send(address, Announcements.cancel(callId, ctx.cancellation().reason()));
      }
    });
    // the kernel's own deadline answers the caller; past it (and a grace) a call not answered is overrunning,
    // and the reply handler waits on for its late reply, which is when the process is free again
    // (the call runs on its caller's event loop; its overrun, which may recycle the process, on the plugin's context)
    long overrun = vertx.setTimer(remaining + ProcessRecycling.OVERRUN_GRACE_MS,
      t -> process.context().runOnContext(v -> ProcessRecycling.overran(process, sent, ctx)));
    vertx.eventBus().<JsonObject>request(address, request,
        new DeliveryOptions().setSendTimeout(remaining + ProcessRecycling.LATE_REPLY_MS))
      .transform(ar -> ar.succeeded() ? ProcessWire.answer(capabilityId, ar.result().body())
        : Future.failedFuture(ProcessWire.unreachable(pluginId, ar.cause())))
      .onComplete(ar -> {
        if (ctx.progressHeard()) {
          // the reports the process sent before its answer wait on the plugin's context (its announce address):
          // the answer follows them there, so that the caller hears them before it
          process.context().runOnContext(v -> answered(ar, overrun, sent, callId, result));
        } else {
          answered(ar, overrun, sent, callId, result);
        }
      });
    return result.future();
  }

  private void answered(AsyncResult<JsonObject> ar, long overrun, ProcessCalls.Call sent, String callId,
                        Promise<JsonObject> result) {
    process.vertx().cancelTimer(overrun);
    process.held().remove(sent);
    live.remove(callId);
    // a process that exited mid-call failed this call already: complete it once only
    if (ar.succeeded()) {
      result.tryComplete(ar.result());
    } else {
      result.tryFail(ar.cause());
    }
    ProcessRecycling.retireIfIdle(process, sent.process);
  }

  /**
   * Passes on a progress report the process sent for one of its calls ({@code {"type": "progress", "callId",
   * "progress", "total", "message"}} on its announce address). Reports of calls it no longer has, with a
   * progress that is not a number or does not grow, are dropped; the message is cut to
   * {@value #MAX_PROGRESS_MESSAGE} characters.
   *
   * @param report the report
   */
  void progress(JsonObject report) {
    Progress call = live.get(String.valueOf(report.getValue("callId")));
    if (call != null && report.getValue("progress") instanceof Number progress) {
      Double total = report.getValue("total") instanceof Number t ? t.doubleValue() : null;
      String message = report.getValue("message") instanceof String m
        ? m.substring(0, Math.min(m.length(), MAX_PROGRESS_MESSAGE)) : null;
      call.report(progress.doubleValue(), total, message);
    }
  }

  /** The longest progress message passed on. */
  static final int MAX_PROGRESS_MESSAGE = 1000;

  /** One call's progress: only growing values reach its caller (as MCP requires of progress). */
  private static final class Progress {
    private final ExecutionContext ctx;
    private double last = Double.NEGATIVE_INFINITY;

    Progress(ExecutionContext ctx) {
      this.ctx = ctx;
    }

    synchronized void report(double progress, Double total, String message) {
      if (progress > last && Double.isFinite(progress)) {
        last = progress;
        ctx.reportProgress(progress, total, message);
      }
    }
  }
}
