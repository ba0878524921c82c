// An ES module plugin: NODE_PATH reaches CommonJS require only, so the SDK comes through createRequire.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Plugin } = require('dhii-plugin');

const plugin = new Plugin({ id: 'node-esm' });
plugin.capability('esm.add', {
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
}, async ({ a, b }) => ({ sum: a + b }));

export default plugin;
