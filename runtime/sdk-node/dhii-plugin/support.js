'use strict';
/** The protocol's constants and the runner's small helpers: configuration, frame limit, describe mode, bounded hooks. */

const fs = require('node:fs');
const { ERROR_CODES } = require('./errors');

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

module.exports = { SDK_VERSION, PING_INTERVAL_MS, DRAIN_TIMEOUT_MS, UNLOAD_TIMEOUT_MS, CONNECT_RETRY_MS,
  DEFAULT_MAX_FRAME_BYTES, EXIT_OK, EXIT_ENVIRONMENT, EXIT_LOAD_FAILED, REQUIRED, isPluginError, describeError,
  pluginConfig, maxFrameBytes, describe, bounded };
