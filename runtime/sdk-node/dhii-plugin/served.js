'use strict';
/** The test harness's side of the wire: a plugin process connected to the harness's own bridge (see testing.js). */

const { encodeFrame } = require('./bridge');
const { PluginError } = require('./errors');
const { validate } = require('./schema');

const DEFAULT_TIMEOUT_MS = 5000;

function inputViolations(capability, input) {
  const violations = validate(capability.inputSchema, input);
  if (violations.length) {
    throw new PluginError('VALIDATION', `the input of ${capability.id} does not match its schema: `
      + violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; '), { nothingDone: true, violations });
  }
}

function checkOutput(capability, output) {
  const violations = validate(capability.outputSchema, output);
  if (violations.length) {
    throw new PluginError('INTERNAL', `the output of ${capability.id} does not match its schema: `
      + violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; '));
  }
  return output;
}

/** A served plugin: a real node process connected to this harness's bridge. */
class ServedPlugin {
  constructor() {
    this.capabilities = new Map();
    this.stderr = '';
    this._replies = new Map();
    this._progress = new Map();
    this._ids = 0;
    this._socket = null;
    this._exited = null;
  }

  /**
   * Calls a capability over the wire.
   *
   * @param {string} id the capability
   * @param {object} input its input
   * @param {object} [options] timeoutMs (default 5000), onProgress(progress, total, message), userId, requestId,
   *   signal (an AbortSignal: aborting cancels the call, CANCELLED)
   * @returns {Promise<object>} the output; rejects with a PluginError (its code, message, violations)
   */
  async call(id, input, options = {}) {
    const capability = this.capabilities.get(id);
    if (!capability) {
      throw new PluginError('NOT_FOUND', `the plugin announced no capability ${id}`, { nothingDone: true });
    }
    inputViolations(capability, input);
    const n = ++this._ids;
    const callId = String(n);
    const replyAddress = `harness.reply.${n}`;
    const timeoutMs = options.timeoutMs || capability.timeoutMs || DEFAULT_TIMEOUT_MS;
    const body = { capability: id, callId, input, requestId: options.requestId || `test-${n}`,
      userId: options.userId || null, deadlineEpochMs: Date.now() + timeoutMs, traceparent: null };
    if (options.onProgress) {
      this._progress.set(callId, { last: -Infinity, fn: options.onProgress });
    }
    try {
      const reply = await new Promise((resolve, reject) => {
        const cancel = (reason) => {
          this._send({ type: 'message', address: this._calls, headers: {}, body: { control: 'cancel', callId, reason } });
          const error = new PluginError(reason, reason === 'TIMEOUT' ? `${id} did not answer within ${timeoutMs} ms`
            : 'the call was cancelled');
          // the plugin's own reply still comes (the runtime drops it): error.late resolves to it, or null after 5 s
          error.late = new Promise((resolveLate) => {
            const lateTimer = setTimeout(() => {
              this._replies.delete(replyAddress);
              resolveLate(null);
            }, 5000);
            this._replies.set(replyAddress, (value) => {
              clearTimeout(lateTimer);
              this._replies.delete(replyAddress);
              resolveLate(value);
            });
          });
          reject(error);
        };
        const timer = setTimeout(() => cancel('TIMEOUT'), timeoutMs);
        if (options.signal) {
          options.signal.addEventListener('abort', () => cancel('CANCELLED'), { once: true });
        }
        this._replies.set(replyAddress, (value) => {
          clearTimeout(timer);
          resolve(value);
        });
        this._send({ type: 'message', address: this._calls, replyAddress, headers: {}, body });
      });
      this._replies.delete(replyAddress);
      if (reply && reply.ok === true) {
        return checkOutput(capability, reply.output);
      }
      throw PluginError.fromWire(reply && reply.error);
    } catch (e) {
      if (!e.late) this._replies.delete(replyAddress);
      throw e;
    } finally {
      this._progress.delete(callId);
    }
  }

  /** @returns {Promise<object>} the health reply: {ok, status: "UP"|"DOWN", detail} */
  health(timeoutMs = 5000) {
    return this._request({ control: 'health' }, timeoutMs);
  }

  /** Asks the plugin to stop (as the runtime does) and waits for its exit; @returns {Promise<number>} the exit status */
  async stop(timeoutMs = 15000) {
    if (this._exitCode === undefined) {
      await this._request({ control: 'shutdown' }, timeoutMs).catch(() => {});
    }
    const code = await Promise.race([this._exited, new Promise((r) => setTimeout(() => r(null), timeoutMs).unref())]);
    if (code === null) {
      this._child.kill('SIGKILL');
    }
    this._server.close();
    if (this.dataDir) {
      require('node:fs').rmSync(this.dataDir, { recursive: true, force: true });
    }
    return code;
  }

  /**
   * @param {RegExp} pattern what to wait for in the plugin's stderr (its log)
   * @returns {Promise<string>} the log so far once it matches; rejects after timeoutMs
   */
  waitForLog(pattern, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pattern.test(this.stderr)) {
          clearTimeout(timer);
          this._child.stderr.off('data', check);
          resolve(this.stderr);
        }
      };
      const timer = setTimeout(() => {
        this._child.stderr.off('data', check);
        reject(new Error(`the plugin's log did not show ${pattern} within ${timeoutMs} ms:\n${this.stderr}`));
      }, timeoutMs);
      this._child.stderr.on('data', check);
      setImmediate(check);
    });
  }

  /** @returns {Promise<number>} the exit status once the process exits */
  exited() {
    return this._exited;
  }

  _request(body, timeoutMs) {
    const replyAddress = `harness.reply.${++this._ids}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._replies.delete(replyAddress);
        reject(new PluginError('TIMEOUT', `no reply to ${JSON.stringify(body)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this._replies.set(replyAddress, (value) => {
        clearTimeout(timer);
        this._replies.delete(replyAddress);
        resolve(value);
      });
      if (!this._send({ type: 'message', address: this._calls, replyAddress, headers: {}, body })) {
        clearTimeout(timer);
        reject(new PluginError('UNAVAILABLE', 'the plugin is not connected', { nothingDone: true }));
      }
    });
  }

  _send(frame) {
    if (!this._socket || this._socket.destroyed) {
      return false;
    }
    this._socket.write(encodeFrame(frame));
    return true;
  }

  _onFrame(frame, onAnnounce) {
    if (frame.type === 'ping') {
      this._send({ type: 'pong' });
    } else if (frame.type === 'register') {
      this._registered = frame.address;
    } else if (frame.type === 'send' && frame.address === this._announce) {
      const body = frame.body || {};
      if (body.type === 'progress') {
        const p = this._progress.get(String(body.callId));
        // as the runtime: only growing values reach the caller
        if (p && typeof body.progress === 'number' && body.progress > p.last) {
          p.last = body.progress;
          p.fn(body.progress, body.total, body.message);
        }
      } else {
        onAnnounce(body);
      }
    } else if (frame.type === 'send' && this._replies.has(frame.address)) {
      this._replies.get(frame.address)(frame.body);
    }
  }
}

module.exports = { ServedPlugin, inputViolations, checkOutput, DEFAULT_TIMEOUT_MS };
