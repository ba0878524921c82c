'use strict';
// The Node SDK's example and the fixture of its tests: every path of a call (an answer, a typed error, a
// failure, a hang cancelled by its deadline, progress, an output breaking its schema, a crash).
const fs = require('node:fs');
const path = require('node:path');
const { Plugin, PluginError, pluginConfig } = require('dhii-plugin');

const plugin = new Plugin({ id: 'node-echo', name: 'Node echo', version: '1.0.0' });
const text = { type: 'object', properties: { text: { type: 'string', minLength: 1 } }, required: ['text'] };
let greeting = 'hi';
let loads = 0;

plugin.onLoad(async (config) => {
  greeting = config.greeting || greeting;
  loads += 1;
});

plugin.capability('node.echo', {
  inputSchema: text,
  outputSchema: { type: 'object', properties: { text: { type: 'string' }, greeting: { type: 'string' },
    pid: { type: 'integer' }, requestId: { type: ['string', 'null'] } }, required: ['text'] },
  idempotent: true,
  description: 'Echoes its input',
  tags: ['example'],
}, async (input, ctx) => ({ text: input.text, greeting, pid: process.pid, requestId: ctx.requestId }));

plugin.capability('node.fail', { description: 'Fails with the code it is given' }, async (input) => {
  throw new PluginError(input.code || 'NOT_FOUND', input.message || 'nothing here',
    { nothingDone: true, violations: input.code === 'VALIDATION' ? [{ pointer: '/when', message: 'must be in the future' }] : undefined });
});

plugin.capability('node.boom', { description: 'Throws an ordinary error' }, async () => {
  throw new TypeError('secret internal detail at /srv/app.js');
});

plugin.capability('node.slow', { description: 'Waits until it is cancelled' }, (input, ctx) => new Promise((resolve, reject) => {
  ctx.signal.addEventListener('abort', () => {
    // the handler sees the cancellation: written where the tests can read it
    fs.writeFileSync(path.join(process.env.DHII_PLUGIN_DATA || '.', 'aborted'), `${ctx.signal.reason.code} ${ctx.requestId}`);
    reject(ctx.signal.reason);
  });
}));

plugin.capability('node.progress', { description: 'Reports three steps' }, async (input, ctx) => {
  for (const step of [1, 2, 2, 3]) {
    ctx.reportProgress(step, 3, `step ${step}`);
  }
  return { steps: 3 };
});

plugin.capability('node.badout', {
  outputSchema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
  description: 'Answers an output its schema refuses',
}, async () => ({ n: 'not a number' }));

plugin.capability('node.crash', { description: 'Ends its process' }, async () => {
  setImmediate(() => process.exit(1));
  return new Promise(() => {});
});

plugin.health(() => (pluginConfig().unhealthy ? [false, 'told to be down'] : true));

module.exports = plugin;
if (require.main === module) {
  plugin.run();
}
