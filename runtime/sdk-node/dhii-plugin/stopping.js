'use strict';
/** The runner's control messages beside calls: the health check and the stop sequence. */

const { DRAIN_TIMEOUT_MS, UNLOAD_TIMEOUT_MS, EXIT_OK, bounded, describeError } = require('./support');

async function health(r, replyTo) {
  let status = { ok: true, status: 'UP' };
  if (r.plugin._health) {
    const outcome = await bounded(() => r.plugin._health(), UNLOAD_TIMEOUT_MS);
    if (outcome.error !== undefined || outcome.late) {
      status = { ok: true, status: 'DOWN', detail: outcome.late ? 'the health check did not answer' : describeError(outcome.error) };
    } else {
      const value = outcome.value;
      const up = Array.isArray(value) ? Boolean(value[0]) : value === undefined || value === null || Boolean(value);
      const detail = Array.isArray(value) && value[1] != null ? String(value[1]) : null;
      status = up ? { ok: true, status: 'UP' } : { ok: true, status: 'DOWN', detail: detail || 'the health check failed' };
      if (detail !== null) {
        status.detail = detail;
      }
    }
  }
  r.reply(replyTo, status);
}

/**
 * Stops taking calls, waits for those in flight (bounded), unloads, answers the shutdown request(s), closes the
 * connection and exits 0. Runs once; later calls only add their reply address.
 */
async function stop(r, reason, replyTo) {
  if (replyTo) {
    if (r.stopRepliesSent) {
      r.reply(replyTo, { ok: true });
    } else {
      r.stopReplies.push(replyTo);
    }
  }
  if (r.stopStarted) {
    return;
  }
  r.stopStarted = true;
  r.stopping = true;
  r.log(`stopping: ${reason}`);
  if (r.inflight > 0) {
    const drained = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS);
      r.drained = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    if (!drained) {
      r.log(`${r.inflight} call(s) still running after ${DRAIN_TIMEOUT_MS / 1000} s; stopping anyway`);
    }
  }
  if (r.loaded && r.plugin._onUnload) {
    const outcome = await bounded(() => r.plugin._onUnload(), UNLOAD_TIMEOUT_MS);
    if (outcome.late) {
      r.log(`onUnload still running after ${UNLOAD_TIMEOUT_MS / 1000} s; exiting anyway`);
    } else if (outcome.error !== undefined) {
      r.log(`onUnload failed: ${outcome.error && outcome.error.stack ? outcome.error.stack : describeError(outcome.error)}`);
    }
  }
  r.stopRepliesSent = true;
  for (const address of r.stopReplies) {
    r.reply(address, { ok: true });
  }
  if (r.socket && !r.socket.destroyed) {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 1000);
      r.socket.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  process.exit(EXIT_OK);
}

module.exports = { health, stop };
