'use strict';
/**
 * The process side of the runtime's protocol: connect, register, load, announce, serve, stop (the same wire as
 * the Python SDK's runner). One event loop; at most DHII_PLUGIN_CONCURRENCY handlers run at once, the others wait
 * in order.
 */

const { encodeFrame, FrameReader, connect } = require('./bridge');
const { Context, logger } = require('./context');
const { failure } = require('./errors');
const { invoke } = require('./calls');
const { SDK_VERSION, PING_INTERVAL_MS, CONNECT_RETRY_MS, EXIT_ENVIRONMENT, EXIT_LOAD_FAILED, REQUIRED, isPluginError,
  describeError, pluginConfig, maxFrameBytes, describe } = require('./support');
const { health, stop } = require('./stopping');

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

  invoke(body, ctx) {
    return invoke(this.plugin, this.pluginId, body, ctx, this.log);
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

  health(replyTo) {
    return health(this, replyTo);
  }

  stop(reason, replyTo) {
    return stop(this, reason, replyTo);
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
