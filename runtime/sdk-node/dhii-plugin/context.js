'use strict';
/** What a handler knows about its call: ids, deadline, cancellation (an AbortSignal), progress, a logger. */

const { PluginError } = require('./errors');

/** A logger writing "[pluginId] LEVEL (request R) message" lines to stderr (stdout is never the channel). */
function logger(pluginId, requestId) {
  const line = (level) => (...parts) => {
    const text = parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? (p.stack || String(p)) : safeJson(p)))
      .join(' ');
    const where = requestId ? ` (request ${requestId})` : '';
    for (const part of text.split('\n')) {
      process.stderr.write(`[${pluginId}] ${level}${where} ${part}\n`);
    }
  };
  return { debug: line('DEBUG'), info: line('INFO'), warn: line('WARN'), error: line('ERROR') };
}

function safeJson(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    return String(value);
  }
}

class Context {
  /**
   * @param {object} call pluginId, capability, requestId, userId, deadline (epoch ms, Infinity without one),
   *   traceparent, callId
   * @param {function} [progress] (progress, total, message) => void, sends a report
   */
  constructor(call, progress) {
    this.pluginId = call.pluginId;
    this.capability = call.capability;
    this.requestId = call.requestId == null ? null : String(call.requestId);
    this.userId = call.userId == null ? null : String(call.userId);
    this.deadline = typeof call.deadline === 'number' && !Number.isNaN(call.deadline) ? call.deadline : Infinity;
    this.traceparent = call.traceparent == null ? null : String(call.traceparent);
    this.callId = typeof call.callId === 'string' ? call.callId : null;
    this.cancelReason = null;
    this.logger = logger(this.pluginId || 'plugin', this.requestId);
    this._controller = new AbortController();
    this._progress = progress || null;
    this._timer = null;
    if (Number.isFinite(this.deadline)) {
      const wait = Math.max(0, this.deadline - Date.now());
      // the deadline cancels the call as the runtime's cancel message would (TIMEOUT)
      this._timer = setTimeout(() => this.cancel('TIMEOUT'), Math.min(wait, 2 ** 31 - 1));
    }
  }

  /** @returns {AbortSignal} aborted once the runtime cancels the call or its deadline passes; reason: a PluginError */
  get signal() {
    return this._controller.signal;
  }

  /** @returns {boolean} whether the runtime cancelled the call or its deadline passed (the caller stopped waiting) */
  get cancelled() {
    return this._controller.signal.aborted || Date.now() >= this.deadline;
  }

  /** @returns {number} milliseconds left before the deadline, >= 0 (Infinity without one) */
  remaining() {
    return Math.max(0, this.deadline - Date.now());
  }

  /** Throws the cancellation's PluginError (TIMEOUT or CANCELLED) when the call is cancelled. */
  throwIfCancelled() {
    if (this.cancelled) {
      throw this._controller.signal.aborted ? this._controller.signal.reason
        : new PluginError('TIMEOUT', 'the deadline passed', { nothingDone: false });
    }
  }

  /**
   * Tells the caller how far the call has come (an MCP client that asked for progress); otherwise nothing.
   * progress should grow with each report (one that does not is dropped by the runtime).
   */
  reportProgress(progress, total, message) {
    if (typeof progress !== 'number' || !Number.isFinite(progress)) {
      throw new TypeError('progress must be a finite number');
    }
    if (total != null && (typeof total !== 'number' || !Number.isFinite(total))) {
      throw new TypeError('total must be a number or null');
    }
    if (message != null && typeof message !== 'string') {
      throw new TypeError('message must be a string or null');
    }
    if (this._progress && !this.cancelled) {
      this._progress(progress, total == null ? null : total, message == null ? null : message);
    }
  }

  /** Cancels the call (the SDK does it on the runtime's cancel message or at the deadline); later calls do nothing. */
  cancel(reason) {
    if (this._controller.signal.aborted) {
      return;
    }
    const code = reason === 'TIMEOUT' ? 'TIMEOUT' : 'CANCELLED';
    this.cancelReason = code;
    this._done();
    this._controller.abort(new PluginError(code, code === 'TIMEOUT' ? 'the deadline passed' : 'the call was cancelled'));
  }

  _done() {
    if (this._timer) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }
}

module.exports = { Context, logger };
