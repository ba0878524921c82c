'use strict';
// The SDK's parts on their own: errors, declaration, context, framing, the schema check, in-process invoke.
const test = require('node:test');
const assert = require('node:assert/strict');
const sdk = require('../dhii-plugin');
const { encodeFrame, FrameReader } = require('../dhii-plugin/bridge');
const { invoke, validate } = require('../dhii-plugin/testing');

test('PluginError carries a code of the contract, nothingDone and violations on the wire', () => {
  const e = new sdk.PluginError('VALIDATION', 'bad date', { nothingDone: true, violations: [{ pointer: '/when', message: 'past' }] });
  assert.deepEqual(e.toWire(), { code: 'VALIDATION', message: 'bad date', nothingDone: true,
    violations: [{ pointer: '/when', message: 'past' }] });
  assert.throws(() => new sdk.PluginError('OOPS', 'x'), /unknown error code "OOPS"/);
  assert.equal(new sdk.NotFoundError('gone').code, 'NOT_FOUND');
  assert.equal(new sdk.NetworkError('down', { nothingDone: true }).toWire().nothingDone, true);
  assert.deepEqual([...sdk.ERROR_CODES].sort(), ['AUTHENTICATION', 'AUTHORIZATION', 'CANCELLED', 'CONFIGURATION',
    'INTERNAL', 'NETWORK', 'NOT_FOUND', 'TIMEOUT', 'UNAVAILABLE', 'VALIDATION']);
  assert.equal(sdk.PluginError.fromWire({ code: 'WHAT', message: 'm' }).code, 'INTERNAL');
});

test('a capability is announced with its schemas and options; mistakes fail at declaration', () => {
  const plugin = sdk.definePlugin({ id: 'p', capabilities: {
    'p.one': { inputSchema: { type: 'object', required: ['a'] }, idempotent: true, timeoutMs: 500, tags: ['t'],
      rateLimitPerMinute: 0, handler: async () => ({}) },
  } });
  assert.deepEqual(plugin.announced(), [{ id: 'p.one', inputSchema: { type: 'object', required: ['a'] },
    outputSchema: { type: 'object' }, idempotent: true, requiresAuth: false, description: '', rateLimitPerMinute: 0,
    tags: ['t'], timeoutMs: 500, apiVersion: 2 }]);
  assert.throws(() => plugin.capability('p.one', async () => ({})), /declared twice/);
  assert.throws(() => plugin.capability('p.two', { timeoutMs: 0 }, async () => ({})), /timeoutMs/);
  assert.throws(() => plugin.capability('p.two', { inputSchema: 'x' }, async () => ({})), /JSON Schema/);
  assert.throws(() => plugin.capability('p.two', { inputschema: {} }, async () => ({})), /unknown option inputschema/);
  assert.throws(() => plugin.capability('p.two', {}), /not a function/);
});

test('the context aborts its signal at the deadline with TIMEOUT, and on cancel with CANCELLED', async () => {
  const ctx = new sdk.Context({ pluginId: 'p', capability: 'c', requestId: 'r', deadline: Date.now() + 50 });
  assert.equal(ctx.cancelled, false);
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
  assert.equal(ctx.cancelReason, 'TIMEOUT');
  assert.equal(ctx.signal.reason.code, 'TIMEOUT');
  assert.throws(() => ctx.throwIfCancelled(), (e) => e.code === 'TIMEOUT');
  const other = new sdk.Context({ pluginId: 'p', capability: 'c' });
  other.cancel('CANCELLED');
  other.cancel('TIMEOUT'); // later calls do nothing
  assert.equal(other.signal.reason.code, 'CANCELLED');
  assert.equal(other.remaining(), Infinity);
  assert.throws(() => other.reportProgress(NaN), /finite/);
});

test('frames are a 4-byte big-endian length and UTF-8 JSON, read across chunk boundaries', () => {
  const a = encodeFrame({ type: 'send', body: { text: 'héllo' } });
  const b = encodeFrame({ type: 'ping' });
  assert.equal(a.readInt32BE(0), a.length - 4);
  const reader = new FrameReader();
  const all = Buffer.concat([a, b]);
  const frames = [];
  for (let i = 0; i < all.length; i += 3) {
    frames.push(...reader.push(all.subarray(i, i + 3)).map((f) => f.frame));
  }
  assert.deepEqual(frames, [{ type: 'send', body: { text: 'héllo' } }, { type: 'ping' }]);
  assert.throws(() => encodeFrame({ n: NaN }), /not JSON/);
  const bad = Buffer.from('xx');
  const frame = Buffer.concat([Buffer.from([0, 0, 0, 2]), bad]);
  assert.ok(new FrameReader().push(frame)[0].error);
});

test('the schema check names each violation by its JSON pointer', () => {
  const schema = { type: 'object', required: ['a'], additionalProperties: false, properties: {
    a: { type: 'integer', minimum: 1 }, b: { type: 'array', items: { enum: ['x'] } } } };
  assert.deepEqual(validate(schema, { a: 1, b: ['x'] }), []);
  assert.deepEqual(validate(schema, { a: 0, b: ['y'], c: 1 }).map((v) => v.pointer), ['/a', '/b/0', '/c']);
  assert.deepEqual(validate(schema, {}).map((v) => v.pointer + ' ' + v.message), ['/a is required']);
  assert.equal(validate({ type: 'string', pattern: '^a' }, 'b').length, 1);
});

test('invoke runs a handler in-process with the runtime\'s checks', async () => {
  const plugin = new sdk.Plugin({ id: 'p' });
  plugin.capability('p.echo', { inputSchema: { type: 'object', required: ['t'] },
    outputSchema: { type: 'object', properties: { t: { type: 'string' } } } }, async (input) => ({ t: input.t }));
  plugin.capability('p.boom', async () => { throw new Error('private'); });
  plugin.capability('p.wait', (input, ctx) => new Promise(() => {}));
  assert.deepEqual(await invoke(plugin, 'p.echo', { t: 'x' }), { t: 'x' });
  await assert.rejects(invoke(plugin, 'p.echo', {}), (e) => e.code === 'VALIDATION' && e.violations[0].pointer === '/t');
  await assert.rejects(invoke(plugin, 'p.echo', { t: 3 }), (e) => e.code === 'INTERNAL' && /output/.test(e.message));
  await assert.rejects(invoke(plugin, 'p.boom', {}), (e) => e.code === 'INTERNAL' && e.message === 'The plugin failed');
  await assert.rejects(invoke(plugin, 'p.wait', {}, { timeoutMs: 30 }), (e) => e.code === 'TIMEOUT');
  await assert.rejects(invoke(plugin, 'p.none', {}), (e) => e.code === 'NOT_FOUND');
});
