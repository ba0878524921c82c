'use strict';
/**
 * The process side of the runtime's protocol: connect, register, load, announce, serve, stop (the same wire as
 * the Python SDK's runner). One event loop; at most DHII_PLUGIN_CONCURRENCY handlers run at once, the others wait
 * in order.
 */

const fs = require('node:fs');
const { encodeFrame, FrameReader, connect } = require('./bridge');
const { Context, logger } = require('./context');
const { ERROR_CODES, PluginError, UNEXPECTED_FAILURE, failure } = require('./errors');

const SDK_VERSION = 'node/1';
const PING_INTERVAL_MS = 20000;
const DRAIN_TIMEOUT_MS = 10000;
const UNLOAD_TIMEOUT_MS = 10000;
const CONNECT_RETRY_MS = 10000;
/** The largest frame when DHII_MAX_FRAME_BYTES is not set: the runtime's default frame limit (1 MiB) less 64 KiB. */
const DEFAULT_MAX_FRAME_BYTES = 1048576 - 65536;
const EXIT_OK = 0;
const EXIT_ENVIRONMENT = 2;
const EXIT_LOAD_FAILED = 3;
const REQUIRED = ['DHII_BRIDGE_HOST', 'DHII_BRIDGE_PORT', 'DHII_PLUGIN_ID', 'DHII_PLUGIN_TOKEN', 'DHII_PLUGIN_CALLS',
  'DHII_PLUGIN_ANNOUNCE'];

/** A PluginError, also one of another copy of the SDK (a plugin's own node_modules/dhii-plugin). */
function isPluginError(e) {
  return e instanceof Error && typeof e.toWire === 'function' && ERROR_CODES.includes(e.code);
}

function describeError(e) {
  if (e instanceof Error) {
    return e.message ? `${e.name}: ${e.message}` : e.name;
  }
  return String(e);
}

/** @returns {object} the manifest's "config" (DHII_PLUGIN_CONFIG), {} when absent; throws when not a JSON object */
function pluginConfig(env) {
  const text = (env || process.env).DHII_PLUGIN_CONFIG;
  if (text == null || !text.trim()) {
    return {};
  }
  const config = JSON.parse(text);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error('DHII_PLUGIN_CONFIG is not a JSON object');
  }
  return config;
}

function maxFrameBytes(env, log) {
  const text = env.DHII_MAX_FRAME_BYTES;
  if (!text) {
    return DEFAULT_MAX_FRAME_BYTES;
  }
  const value = /^\d+$/.test(text) ? Number(text) : 0;
  if (value < 1024) {
    log(`DHII_MAX_FRAME_BYTES ${JSON.stringify(text)} is not a whole number >= 1024; using ${DEFAULT_MAX_FRAME_BYTES}`);
    return DEFAULT_MAX_FRAME_BYTES;
  }
  return value;
}

/** Prints what the plugin would announce as one JSON line on stdout and exits 0 (3 when that fails). */
function describe(plugin, out) {
  let line;
  try {
    line = JSON.stringify({ sdk: SDK_VERSION, capabilities: plugin.announced() });
  } catch (e) {
    process.stderr.write(`cannot describe the plugin: ${describeError(e)}\n`);
    process.exit(EXIT_LOAD_FAILED);
  }
  fs.writeSync(out === undefined ? 1 : out, line + '\n');
  process.exit(EXIT_OK);
}

/** Runs an async hook with a bound: resolves to {value} or {error}, or {late: true} past timeoutMs. */
function bounded(fn, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ late: true }), timeoutMs);
    Promise.resolve().then(fn).then((value) => resolve({ value }), (error) => resolve({ error }))
      .finally(() => clearTimeout(timer));
  });
}

class Runner {
  constructor(plugin, env) {
    this.plugin = plugin;
    this.env = env;
    this.pluginId = env.DHII_PLUGIN_ID || 'plugin';
    this.log = (message) => {
      for (const part of String(message).split('\n')) {
        process.stderr.write(`[${this.pluginId}] ${part}\n`);
      }
    };
    this.socket = null;
    this.concurrency = 4;
    this.running = 0;
    this.queue = [];
    this.calls = new Map(); // callId -> Context of the calls queued or running
    this.inflight = 0;
    this.stopping = false;
    this.stopStarted = false;
    this.stopReplies = [];
    this.stopRepliesSent = false;
    this.loaded = false;
    this.drained = null;
    this.maxFrameBytes = maxFrameBytes(env, this.log);
  }

  die(code, message) {
    this.stopStarted = true;
    this.stopping = true;
    this.log(message);
    if (this.socket) {
      this.socket.destroy();
    }
    process.exit(code);
  }

  async run() {
    const env = this.env;
    const missing = REQUIRED.filter((name) => !env[name]);
    if (missing.length) {
      this.die(EXIT_ENVIRONMENT, `not started by the Dhii runtime: missing ${missing.join(', ')}`);
    }
    const port = Number(env.DHII_BRIDGE_PORT);
    if (!Number.isInteger(port)) {
      this.die(EXIT_ENVIRONMENT, `DHII_BRIDGE_PORT is not a number: ${JSON.stringify(env.DHII_BRIDGE_PORT)}`);
    }
    if (env.DHII_PLUGIN_CONCURRENCY) {
      const c = /^\d+$/.test(env.DHII_PLUGIN_CONCURRENCY) ? Number(env.DHII_PLUGIN_CONCURRENCY) : 0;
      if (c < 1) {
        this.log(`DHII_PLUGIN_CONCURRENCY ${JSON.stringify(env.DHII_PLUGIN_CONCURRENCY)} is not a positive integer; using 4`);
      } else {
        this.concurrency = c;
      }
    }
    let config;
    try {
      config = pluginConfig(env);
    } catch (e) {
      this.die(EXIT_LOAD_FAILED, `bad configuration: ${e.message}`);
    }
    // console.log in a plugin goes to the log: stdout is not the channel, and nobody may be reading it
    process.stdout.write = process.stderr.write.bind(process.stderr);
    process.on('SIGTERM', () => this.stop('SIGTERM received'));
    process.on('SIGINT', () => this.stop('SIGINT received'));
    process.on('uncaughtException', (e) => {
      this.log(`uncaught exception: ${e && e.stack ? e.stack : describeError(e)}`);
      this.die(EXIT_LOAD_FAILED, 'stopped by an uncaught exception');
    });
    process.on('unhandledRejection', (e) => {
      // a promise of plugin code nobody awaited: logged, the process goes on serving
      this.log(`unhandled rejection: ${e && e.stack ? e.stack : describeError(e)}`);
    });
    try {
      this.socket = await connect({ host: env.DHII_BRIDGE_HOST, port, socketPath: env.DHII_BRIDGE_SOCKET || null,
        retryForMs: CONNECT_RETRY_MS });
    } catch (e) {
      this.die(EXIT_ENVIRONMENT, `cannot reach the bridge at ${env.DHII_BRIDGE_SOCKET || `${env.DHII_BRIDGE_HOST}:${port}`}: ${e.message}`);
    }
    const reader = new FrameReader();
    this.socket.on('data', (chunk) => {
      let frames;
      try {
        frames = reader.push(chunk);
      } catch (e) {
        this.log(`the bridge connection ended: ${e.message}`);
        this.socket.destroy();
        return;
      }
      for (const { frame, error } of frames) {
        if (error) {
          this.log(`ignored a frame that is not JSON: ${error.message}`);
        } else {
          this.onFrame(frame);
        }
      }
    });
    this.socket.on('error', (e) => this.log(`the bridge connection failed: ${e.message}`));
    this.socket.on('close', () => this.stop('the bridge closed the connection'));
    this.send({ type: 'register', address: env.DHII_PLUGIN_CALLS });
    this.ping = setInterval(() => this.send({ type: 'ping' }), PING_INTERVAL_MS);
    this.ping.unref();

    if (this.plugin._onLoad) {
      try {
        await this.plugin._onLoad(config);
      } catch (e) {
        this.log(`onLoad failed: ${e && e.stack ? e.stack : describeError(e)}`);
        this.die(EXIT_LOAD_FAILED, 'not started');
      }
    }
    this.loaded = true;
    if (this.stopping) {
      return;
    }
    const capabilities = this.plugin.announced();
    this.send({ type: 'send', address: env.DHII_PLUGIN_ANNOUNCE, headers: {},
      body: { pluginId: env.DHII_PLUGIN_ID, token: env.DHII_PLUGIN_TOKEN, sdk: SDK_VERSION, capabilities } });
    this.log(`serving ${capabilities.length} capabilities (${capabilities.map((c) => c.id).join(', ') || 'none'}),`
      + ` ${this.concurrency} at a time`);
  }

  send(frame) {
    return this.sendEncoded(encodeFrame(frame));
  }

  sendEncoded(data) {
    if (!this.socket || this.socket.destroyed || !this.socket.writable) {
      return false;
    }
    this.socket.write(data);
    return true;
  }

  // --- frames in ------------------------------------------------------------------------------------

  onFrame(frame) {
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) {
      this.log('ignored a frame that is not an object');
      return;
    }
    if (frame.type === 'message') {
      try {
        this.onMessage(frame);
      } catch (e) {
        this.log(`failed to dispatch a message: ${e && e.stack ? e.stack : describeError(e)}`);
      }
    } else if (frame.type === 'err') {
      this.log(`bridge error: ${frame.message}`);
    } else if (frame.type !== 'pong') {
      this.log(`ignored a frame of type ${JSON.stringify(frame.type)}`);
    }
  }

  onMessage(frame) {
    const body = frame.body;
    const replyTo = frame.replyAddress;
    const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
    if (isObject && 'control' in body) {
      if (body.control === 'health') {
        this.health(replyTo);
      } else if (body.control === 'cancel') {
        const ctx = typeof body.callId === 'string' ? this.calls.get(body.callId) : undefined;
        if (ctx) {
          ctx.cancel(body.reason === 'TIMEOUT' ? 'TIMEOUT' : 'CANCELLED'); // no reply: the call itself replies
        }
      } else if (body.control === 'shutdown') {
        this.stop('shutdown requested', replyTo);
      } else {
        this.reply(replyTo, failure('VALIDATION', `unknown control ${JSON.stringify(body.control)}`, true));
      }
      return;
    }
    if (!isObject || typeof body.capability !== 'string') {
      this.reply(replyTo, failure('VALIDATION', 'a call\'s body must be an object with a "capability"', true));
      return;
    }
    if (this.stopping) {
      this.reply(replyTo, failure('UNAVAILABLE', 'the plugin is stopping', true));
      return;
    }
    this.inflight += 1;
    const ctx = new Context({
      pluginId: this.pluginId, capability: body.capability, requestId: body.requestId, userId: body.userId,
      deadline: typeof body.deadlineEpochMs === 'number' ? body.deadlineEpochMs : Infinity,
      traceparent: body.traceparent, callId: body.callId,
    }, (progress, total, message) => this.send({ type: 'send', address: this.env.DHII_PLUGIN_ANNOUNCE, headers: {},
      body: { type: 'progress', token: this.env.DHII_PLUGIN_TOKEN, callId: ctx.callId, progress, total, message } }));
    if (!ctx.callId) {
      ctx._progress = null;
    } else {
      this.calls.set(ctx.callId, ctx);
    }
    this.queue.push({ body, ctx, replyTo });
    this.next();
  }

  next() {
    while (this.running < this.concurrency && this.queue.length) {
      const { body, ctx, replyTo } = this.queue.shift();
      this.running += 1;
      this.invoke(body, ctx).then((reply) => this.reply(replyTo, reply, ctx.requestId)).finally(() => {
        ctx._done();
        if (ctx.callId && this.calls.get(ctx.callId) === ctx) {
          this.calls.delete(ctx.callId);
        }
        this.running -= 1;
        this.inflight -= 1;
        if (this.inflight === 0 && this.drained) {
          this.drained();
        }
        this.next();
      });
    }
  }

  // --- calls ----------------------------------------------------------------------------------------

  async invoke(body, ctx) {
    const id = ctx.capability;
    const handler = this.plugin.handler(id);
    if (!handler) {
      return failure('NOT_FOUND', `plugin ${this.pluginId} has no capability ${id}`, true);
    }
    if (ctx.cancelReason) {
      return failure(ctx.cancelReason, 'the call was cancelled before it started', true);
    }
    if (ctx.cancelled) {
      return failure('TIMEOUT', 'deadline passed before the call started', true);
    }
    const input = body.input == null ? {} : body.input;
    let output;
    try {
      output = await handler(input, ctx);
    } catch (e) {
      if (e instanceof PluginError || isPluginError(e)) {
        return { ok: false, error: e.toWire() };
      }
      if (ctx.signal.aborted && (e === ctx.signal.reason || (e && e.name === 'AbortError'))) {
        // the handler gave up because the call was cancelled: the caller learns why
        return { ok: false, error: ctx.signal.reason.toWire() };
      }
      // the error's text and stack go to the plugin's log with the request id; the caller gets a plain message
      this.log(`${id} (request ${ctx.requestId}) failed: ${e && e.stack ? e.stack : describeError(e)}`);
      return failure('INTERNAL', UNEXPECTED_FAILURE, false);
    }
    if (output === null || typeof output !== 'object' || Array.isArray(output)) {
      return failure('INTERNAL', `${id} returned ${output === null ? 'null' : Array.isArray(output) ? 'an array'
        : typeof output} instead of an object`, false);
    }
    return { ok: true, output };
  }

  /** The reply frame; an output that is not JSON or too large for one frame becomes INTERNAL for this call only. */
  encodeReply(replyTo, body, requestId) {
    let reason;
    try {
      const data = encodeFrame({ type: 'send', address: replyTo, headers: {}, body });
      if (data.length - 4 <= this.maxFrameBytes) {
        return data;
      }
      reason = `output is ${data.length - 4} bytes of JSON, over the ${this.maxFrameBytes}-byte frame limit`;
    } catch (e) {
      reason = `output is not JSON (${describeError(e)})`;
    }
    this.log(`reply to request ${requestId} replaced by INTERNAL: ${reason}`);
    return encodeFrame({ type: 'send', address: replyTo, headers: {}, body: failure('INTERNAL', reason.replace(/ \(.*$/, ''), false) });
  }

  reply(replyTo, body, requestId) {
    if (!replyTo) {
      if (body.ok === false) {
        this.log(`a message without replyAddress failed: ${body.error.message}`);
      }
      return;
    }
    if (!this.sendEncoded(this.encodeReply(replyTo, body, requestId))) {
      this.log(`could not reply to ${replyTo}: the connection is closed`);
    }
  }

  // --- control --------------------------------------------------------------------------------------

  async health(replyTo) {
    let status = { ok: true, status: 'UP' };
    if (this.plugin._health) {
      const r = await bounded(() => this.plugin._health(), UNLOAD_TIMEOUT_MS);
      if (r.error !== undefined || r.late) {
        status = { ok: true, status: 'DOWN', detail: r.late ? 'the health check did not answer' : describeError(r.error) };
      } else {
        const value = r.value;
        const up = Array.isArray(value) ? Boolean(value[0]) : value === undefined || value === null || Boolean(value);
        const detail = Array.isArray(value) && value[1] != null ? String(value[1]) : null;
        status = up ? { ok: true, status: 'UP' } : { ok: true, status: 'DOWN', detail: detail || 'the health check failed' };
        if (detail !== null) {
          status.detail = detail;
        }
      }
    }
    this.reply(replyTo, status);
  }

  /**
   * Stops taking calls, waits for those in flight (bounded), unloads, answers the shutdown request(s), closes the
   * connection and exits 0. Runs once; later calls only add their reply address.
   */
  async stop(reason, replyTo) {
    if (replyTo) {
      if (this.stopRepliesSent) {
        this.reply(replyTo, { ok: true });
      } else {
        this.stopReplies.push(replyTo);
      }
    }
    if (this.stopStarted) {
      return;
    }
    this.stopStarted = true;
    this.stopping = true;
    this.log(`stopping: ${reason}`);
    if (this.inflight > 0) {
      const drained = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS);
        this.drained = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      if (!drained) {
        this.log(`${this.inflight} call(s) still running after ${DRAIN_TIMEOUT_MS / 1000} s; stopping anyway`);
      }
    }
    if (this.loaded && this.plugin._onUnload) {
      const r = await bounded(() => this.plugin._onUnload(), UNLOAD_TIMEOUT_MS);
      if (r.late) {
        this.log(`onUnload still running after ${UNLOAD_TIMEOUT_MS / 1000} s; exiting anyway`);
      } else if (r.error !== undefined) {
        this.log(`onUnload failed: ${r.error && r.error.stack ? r.error.stack : describeError(r.error)}`);
      }
    }
    this.stopRepliesSent = true;
    for (const address of this.stopReplies) {
      this.reply(address, { ok: true });
    }
    if (this.socket && !this.socket.destroyed) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.socket.end(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    process.exit(EXIT_OK);
  }
}

/** Serves a plugin: describe mode with DHII_DESCRIBE=1, else the protocol until the runtime stops it. */
function run(plugin, env) {
  const environment = env || process.env;
  if (environment.DHII_DESCRIBE === '1') {
    describe(plugin);
  }
  return new Runner(plugin, environment).run();
}

module.exports = { isPluginError, run, describe, pluginConfig, logger, SDK_VERSION, Runner, EXIT_LOAD_FAILED, EXIT_ENVIRONMENT };
