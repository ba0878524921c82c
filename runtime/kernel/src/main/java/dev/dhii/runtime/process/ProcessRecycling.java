package dev.dhii.runtime.process;

import dev.dhii.api.ExecutionContext;
import dev.dhii.api.HealthStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Process faults, kernel side: a call whose deadline passed (plus {@value #OVERRUN_GRACE_MS} ms) without a
 * reply is overrunning, its handler ignoring cancellation; the plugin is DEGRADED while any is. When a
 * process holds {@link ProcessSupport#recycleBound()} of them it is recycled: a replacement starts under a new
 * token, new calls go to it once it announces, and the replaced process may finish (for at most the stop
 * timeout) the calls it has that are not overrunning; then it is killed, failing only its overrunning calls
 * (already answered TIMEOUT).
 */
final class ProcessRecycling {

  /** How long past its deadline a call may take before it counts as overrunning. */
  static final long OVERRUN_GRACE_MS = 1_000;
  /** How long past its deadline the reply of an overrunning call is still waited for (and counted). */
  static final long LATE_REPLY_MS = 600_000;

  private static final Logger LOG = LoggerFactory.getLogger(ProcessRecycling.class);

  private ProcessRecycling() {
  }

  static HealthStatus degraded(int overrunning) {
    return HealthStatus.degraded(overrunning + " call(s) overran their deadline and are still running in the process")
      .withDetails(Map.of("overrunning", overrunning));
  }

  static void overran(SupervisedProcess plugin, ProcessCalls.Call call, ExecutionContext ctx) {
    if (!plugin.held().of(call.process).contains(call)) {
      return; // answered meanwhile
    }
    call.overrunning = true;
    int overrunning = plugin.held().overrunning(call.process);
    int bound = plugin.support().recycleBound();
    LOG.warn("plugin process overran a deadline requestId={} pluginId={} pid={} overrunning={} recycleAt={}",
      ctx.requestId(), plugin.manifest().id(), call.process.pid(), overrunning, bound);
    if (overrunning >= bound && call.process == plugin.current() && !plugin.replacement().underWay()
      && plugin.serving()) {
      recycle(plugin, call.process);
    }
  }

  private static void recycle(SupervisedProcess plugin, Process old) {
    String fresh = ProcessWire.newToken();
    LOG.warn("plugin process recycled pluginId={} pid={}: {} calls overrunning; starting a replacement",
      plugin.manifest().id(), old.pid(), plugin.held().overrunning(old));
    plugin.startReplacement(fresh, old);
    // a replacement that does not announce in time: give up on it (the supervision restarts the plugin's process)
    plugin.vertx().setTimer(plugin.support().readyTimeoutMs(), t -> {
      if (fresh.equals(plugin.replacement().token)) {
        LOG.warn("plugin process replacement of {} did not announce within {} ms", plugin.manifest().id(),
          plugin.support().readyTimeoutMs());
        Process replacement = plugin.current();
        plugin.replacement().drop();
        if (replacement != null && replacement != old) {
          replacement.destroyForcibly();
        }
      }
    });
  }

  /** The replacement announced: switch, then retire the replaced process when idle, or after the stop timeout. */
  static void switchTo(SupervisedProcess plugin, String fresh) {
    plugin.switchAddresses(fresh);
    Process old = plugin.replacement().retiring;
    if (old == null) {
      return;
    }
    LOG.info("plugin process replacement ready pluginId={} pid={}; retiring pid {}", plugin.manifest().id(),
      plugin.current().pid(), old.pid());
    plugin.vertx().setTimer(plugin.support().stopTimeoutMs(), t -> {
      if (old.isAlive()) {
        old.destroyForcibly();
      }
    });
    retireIfIdle(plugin, old);
  }

  /** Kills a retiring process once it has no call left within its deadline. */
  static void retireIfIdle(SupervisedProcess plugin, Process p) {
    ProcessReplacement replacement = plugin.replacement();
    if (p != null && p == replacement.retiring && replacement.token == null && !plugin.held().busy(p) && p.isAlive()) {
      p.destroyForcibly();
    }
  }

  /** The current process exited or the plugin stops: a replacement under way is given up, with the process it replaced. */
  static void abandon(SupervisedProcess plugin) {
    if (plugin.replacement().underWay()) {
      plugin.replacement().drop();
    }
  }
}
