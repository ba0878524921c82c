#!/usr/bin/env node
'use strict';
/**
 * `node <sdk>/dhii-plugin/serve.js ENTRYPOINT`: loads a plugin's file and serves it (what the runtime runs for a
 * manifest whose "entrypoint" is a .js, .cjs or .mjs file). ENTRYPOINT is relative to the plugin directory
 * (DHII_PLUGIN_DIR, default the working directory). The file exports a Plugin: `module.exports = plugin`,
 * `exports.plugin = plugin`, or (ESM) `export default plugin`. Failing to load it, or finding no Plugin, exits 3
 * with a one-line reason as the last line on stderr. With DHII_DESCRIBE=1 the capabilities are printed as one JSON
 * line on stdout and the process exits 0 without connecting.
 */

const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { Plugin } = require('./plugin');
const { run, describe, EXIT_LOAD_FAILED, EXIT_ENVIRONMENT } = require('./runner');

const USAGE = 'usage: node serve.js ENTRYPOINT   (a .js, .cjs or .mjs file of the plugin directory)';

function fail(code, reason, error) {
  const id = process.env.DHII_PLUGIN_ID || 'plugin';
  if (error && error.stack) {
    for (const line of String(error.stack).split('\n')) {
      process.stderr.write(`[${id}] ${line}\n`);
    }
  }
  process.stderr.write(`[${id}] ${reason}\n`); // the last line: the runtime shows it in the FAILED reason
  process.exit(code);
}

/** @returns {Plugin|undefined} the Plugin a module exports */
function findPlugin(exported) {
  for (const candidate of [exported, exported && exported.plugin, exported && exported.default,
    exported && exported.default && exported.default.plugin]) {
    // duck-typed: a plugin may bring its own copy of the SDK (node_modules/dhii-plugin)
    if (candidate instanceof Plugin || (candidate && typeof candidate.announced === 'function'
      && typeof candidate.handler === 'function' && candidate._capabilities instanceof Map)) {
      return candidate;
    }
  }
  return undefined;
}

async function load(entrypoint) {
  const dir = path.resolve(process.env.DHII_PLUGIN_DIR || process.cwd());
  const file = path.resolve(dir, entrypoint);
  if (file !== dir && !file.startsWith(dir + path.sep)) {
    fail(EXIT_ENVIRONMENT, `the entrypoint ${entrypoint} is outside the plugin directory ${dir}`);
  }
  let exported;
  try {
    exported = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file);
  } catch (e) {
    fail(EXIT_LOAD_FAILED, `cannot load ${entrypoint}: ${e && e.message ? e.message.split('\n')[0] : e}`, e);
  }
  const plugin = findPlugin(exported);
  if (!plugin) {
    fail(EXIT_LOAD_FAILED, `${entrypoint} exports no Plugin (module.exports = plugin, exports.plugin or export default)`);
  }
  return plugin;
}

async function main(argv) {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    fail(EXIT_ENVIRONMENT, USAGE);
  }
  // plugin code writing to stdout at load time must not spoil describe mode's one line
  process.stdout.write = process.stderr.write.bind(process.stderr);
  const plugin = await load(argv[0]);
  if (process.env.DHII_DESCRIBE === '1') {
    describe(plugin);
  }
  return run(plugin, process.env);
}

if (require.main === module) {
  main(process.argv.slice(2));
}

module.exports = { main, findPlugin };
