'use strict';
/**
 * The test harness of Node plugins (`require('dhii-plugin/testing')`):
 *
 *   const { startPlugin } = require('dhii-plugin/testing');
 *   const served = await startPlugin(__dirname + '/..');          // a real process, over the runtime's wire
 *   const out = await served.call('hello.greet', { name: 'Ada' }); // throws a PluginError with its code
 *   await served.stop();
 *
 * startPlugin(dir) reads dir/manifest.json, runs its entrypoint as the runtime does (node serve.js ENTRYPOINT, the
 * SDK on NODE_PATH, the manifest's "config") against a bridge of its own on 127.0.0.1, and waits for the
 * announcement. call() checks the input against the capability's inputSchema first (VALIDATION, as the runtime
 * does), sends a deadline (timeoutMs, default 5000: past it the call is cancelled with TIMEOUT, as the runtime does)
 * and checks the output against the outputSchema (INTERNAL when it does not match).
 *
 * invoke(plugin, id, input, options) calls a handler in this process instead (no wire), with the same checks.
 */

const childProcess = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { FrameReader } = require('./bridge');
const { Context } = require('./context');
const { PluginError, UNEXPECTED_FAILURE } = require('./errors');
const { isPluginError } = require('./runner');
const { validate } = require('./schema');
const { ServedPlugin, inputViolations, checkOutput, DEFAULT_TIMEOUT_MS } = require('./served');

const SDK_DIR = path.resolve(__dirname, '..');
const SERVE = path.join(__dirname, 'serve.js');

/**
 * Starts a plugin directory's entrypoint as a real process served over the wire.
 *
 * @param {string} dir the plugin directory (with manifest.json)
 * @param {object} [options] config (default the manifest's), env (extra variables), readyTimeoutMs (default 10000),
 *   concurrency (default 4)
 * @returns {Promise<ServedPlugin>}
 */
async function startPlugin(dir, options = {}) {
  const pluginDir = path.resolve(dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'manifest.json'), 'utf8'));
  const served = new ServedPlugin();
  const token = 'a'.repeat(32);
  served._calls = `dhii.process.${manifest.id}.${token}.calls`;
  served._announce = `dhii.process.${manifest.id}.${token}.announce`;
  const readyTimeoutMs = options.readyTimeoutMs || 10000;
  let announced;
  const ready = new Promise((resolve, reject) => {
    announced = { resolve, reject };
  });
  served._server = net.createServer((socket) => {
    served._socket = socket;
    const reader = new FrameReader();
    socket.on('data', (chunk) => {
      for (const { frame } of reader.push(chunk)) {
        if (frame) {
          served._onFrame(frame, (body) => {
            for (const c of body.capabilities || []) {
              served.capabilities.set(c.id, c);
            }
            served.announcement = body;
            announced.resolve();
          });
        }
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => served._server.listen(0, '127.0.0.1', resolve));
  const dataDir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), `dhii-${manifest.id}-`));
  served.dataDir = dataDir;
  const argv = Array.isArray(manifest.command) && manifest.command.length ? manifest.command.slice(1)
    : [SERVE, manifest.entrypoint];
  const program = Array.isArray(manifest.command) && manifest.command.length ? manifest.command[0] : process.execPath;
  const env = {
    PATH: process.env.PATH, HOME: dataDir, NODE_PATH: SDK_DIR, ...(manifest.env || {}), ...(options.env || {}),
    DHII_PLUGIN_ID: manifest.id, DHII_PLUGIN_CONFIG: JSON.stringify(options.config || manifest.config || {}),
    DHII_PLUGIN_DIR: pluginDir, DHII_PLUGIN_DATA: dataDir, DHII_PLUGIN_TOKEN: token,
    DHII_PLUGIN_CALLS: served._calls, DHII_PLUGIN_ANNOUNCE: served._announce,
    DHII_PLUGIN_CONCURRENCY: String(options.concurrency || 4),
    DHII_BRIDGE_HOST: '127.0.0.1', DHII_BRIDGE_PORT: String(served._server.address().port),
  };
  const child = childProcess.spawn(program === 'node' ? process.execPath : program, argv,
    { cwd: Array.isArray(manifest.command) && manifest.command.length ? pluginDir : dataDir, env,
      stdio: ['ignore', 'inherit', 'pipe'] });
  served._child = child;
  child.stderr.on('data', (chunk) => {
    served.stderr += chunk.toString('utf8');
    if (options.echoStderr) process.stderr.write(chunk);
  });
  served._exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    served._exitCode = code === null ? signal : code;
    announced.reject(new Error(`the plugin exited (${served._exitCode}) before announcing: ${served.stderr.trim().split('\n').pop() || ''}`));
    resolve(served._exitCode);
  }));
  const timer = setTimeout(() => announced.reject(new Error(`the plugin did not announce within ${readyTimeoutMs} ms`)),
    readyTimeoutMs);
  try {
    await ready;
  } catch (e) {
    child.kill('SIGKILL');
    served._server.close();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return served;
}

/**
 * Calls a capability of a Plugin in this process (no wire), with the runtime's checks: input against its schema
 * (VALIDATION), a handler's PluginError as is, any other failure INTERNAL ("The plugin failed"), the output
 * against its schema.
 *
 * @param {Plugin} plugin the plugin
 * @param {string} id the capability
 * @param {object} input its input
 * @param {object} [options] timeoutMs (default 5000), onProgress, userId, requestId
 */
async function invoke(plugin, id, input, options = {}) {
  const capability = plugin.describe(id);
  if (!capability) {
    throw new PluginError('NOT_FOUND', `the plugin declares no capability ${id}`, { nothingDone: true });
  }
  inputViolations(capability, input);
  const ctx = new Context({ pluginId: plugin.id || 'plugin', capability: id, requestId: options.requestId || 'test',
    userId: options.userId || null, deadline: Date.now() + (options.timeoutMs || capability.timeoutMs || DEFAULT_TIMEOUT_MS),
    callId: '1' }, options.onProgress || null);
  try {
    const output = await Promise.race([plugin.handler(id)(input, ctx), new Promise((resolve, reject) =>
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }))]);
    if (output === null || typeof output !== 'object' || Array.isArray(output)) {
      throw new PluginError('INTERNAL', `${id} returned ${Array.isArray(output) ? 'an array' : typeof output} instead of an object`);
    }
    return checkOutput(capability, output);
  } catch (e) {
    if (isPluginError(e)) throw e;
    if (ctx.signal.aborted && e && e.name === 'AbortError') throw ctx.signal.reason;
    throw new PluginError('INTERNAL', UNEXPECTED_FAILURE, { cause: e });
  } finally {
    ctx._done();
  }
}

module.exports = { startPlugin, invoke, validate, ServedPlugin, PluginError };
