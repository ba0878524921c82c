'use strict';
// The example plugin as a real node process over the runtime's wire (the harness's bridge on 127.0.0.1).
const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startPlugin } = require('../dhii-plugin/testing');

const ECHO = path.join(__dirname, '..', 'examples', 'echo');
const ESM = path.join(__dirname, '..', 'examples', 'esm');
const SERVE = path.join(__dirname, '..', 'dhii-plugin', 'serve.js');

test('a served plugin announces, answers, fails typed and is cancelled by its deadline', async (t) => {
  const served = await startPlugin(ECHO);
  t.after(() => served.stop());
  assert.equal(served.announcement.sdk, 'node/1');
  assert.deepEqual([...served.capabilities.keys()], JSON.parse(fs.readFileSync(path.join(ECHO, 'manifest.json'))).capabilities);

  await t.test('an answer, with the manifest config from onLoad', async () => {
    const out = await served.call('node.echo', { text: 'hi' }, { requestId: 'r-1' });
    assert.equal(out.text, 'hi');
    assert.equal(out.greeting, 'hello');
    assert.equal(out.requestId, 'r-1');
  });
  await t.test('a typed error with its code, nothingDone and violations', async () => {
    await assert.rejects(served.call('node.fail', { code: 'NOT_FOUND', message: 'no such mail' }),
      (e) => e.code === 'NOT_FOUND' && e.message === 'no such mail' && e.nothingDone === true);
    await assert.rejects(served.call('node.fail', { code: 'VALIDATION' }),
      (e) => e.code === 'VALIDATION' && e.violations[0].pointer === '/when');
  });
  await t.test('bad input is VALIDATION before the plugin runs', async () => {
    await assert.rejects(served.call('node.echo', { text: '' }), (e) => e.code === 'VALIDATION' && e.violations[0].pointer === '/text');
  });
  await t.test('an ordinary exception reaches the caller as a plain INTERNAL, its detail only the log', async () => {
    await assert.rejects(served.call('node.boom', {}, { requestId: 'boom-1' }),
      (e) => e.code === 'INTERNAL' && e.message === 'The plugin failed');
    await served.waitForLog(/node\.boom \(request boom-1\) failed: TypeError: secret internal detail/);
  });
  await t.test('a hanging handler past its deadline: TIMEOUT, and the process goes on serving', async () => {
    await assert.rejects(served.call('node.slow', {}, { timeoutMs: 300, requestId: 'slow-1' }), (e) => e.code === 'TIMEOUT');
    assert.equal((await served.call('node.echo', { text: 'after' })).text, 'after');
  });
  await t.test('cancelling a call aborts the handler: CANCELLED', async () => {
    const controller = new AbortController();
    const call = served.call('node.slow', {}, { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(call, (e) => e.code === 'CANCELLED');
  });
  await t.test('progress reaches the caller, only growing values', async () => {
    const reports = [];
    const out = await served.call('node.progress', {}, { onProgress: (p, total, m) => reports.push(`${p}/${total} ${m}`) });
    assert.deepEqual(out, { steps: 3 });
    // the reports travel before the reply on the same connection
    assert.deepEqual(reports, ['1/3 step 1', '2/3 step 2', '3/3 step 3']);
  });
  await t.test('an output breaking its schema is INTERNAL', async () => {
    await assert.rejects(served.call('node.badout', {}), (e) => e.code === 'INTERNAL' && /output of node.badout/.test(e.message));
  });
  await t.test('health is UP', async () => {
    assert.deepEqual(await served.health(), { ok: true, status: 'UP' });
  });
});

test('the handler\'s AbortSignal fires with the runtime\'s reason, written to the data directory', async (t) => {
  const served = await startPlugin(ECHO);
  t.after(() => served.stop());
  const error = await served.call('node.slow', {}, { timeoutMs: 200, requestId: 'slow-2' }).catch((e) => e);
  assert.equal(error.code, 'TIMEOUT');
  // Two clocks race for the deadline: the harness's (its cancel message, then the plugin's late reply) and the
  // SDK's own (its reply comes first). Either way the handler rejected with its signal's reason after writing the file.
  const reply = error.late ? await error.late
    : { ok: false, error: { code: error.code, message: error.message, nothingDone: error.nothingDone } };
  assert.deepEqual(reply, { ok: false, error: { code: 'TIMEOUT', message: 'the deadline passed', nothingDone: false } });
  assert.equal(fs.readFileSync(path.join(served.dataDir, 'aborted'), 'utf8'), 'TIMEOUT slow-2');
});

test('a cancel message before the deadline: the handler sees CANCELLED and its late reply says so', async (t) => {
  const served = await startPlugin(ECHO);
  t.after(() => served.stop());
  const controller = new AbortController();
  const call = served.call('node.slow', {}, { timeoutMs: 30000, requestId: 'slow-3', signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  const error = await call.catch((e) => e);
  assert.equal(error.code, 'CANCELLED');
  // only the cancel message can end this handler: the late reply is certain
  assert.deepEqual(await error.late, { ok: false, error: { code: 'CANCELLED', message: 'the call was cancelled', nothingDone: false } });
  assert.equal(fs.readFileSync(path.join(served.dataDir, 'aborted'), 'utf8'), 'CANCELLED slow-3');
});

test('a reply over DHII_MAX_FRAME_BYTES is INTERNAL for that call only', async (t) => {
  const served = await startPlugin(ECHO, { env: { DHII_MAX_FRAME_BYTES: '1024' } });
  t.after(() => served.stop());
  await assert.rejects(served.call('node.echo', { text: 'x'.repeat(5000) }), (e) => e.code === 'INTERNAL' && /frame limit/.test(e.message));
  assert.equal((await served.call('node.echo', { text: 'small' })).text, 'small');
});

test('a DOWN health hook and a shutdown that exits 0', async () => {
  const served = await startPlugin(ECHO, { config: { unhealthy: true } });
  assert.deepEqual(await served.health(), { ok: true, status: 'DOWN', detail: 'told to be down' });
  assert.equal(await served.stop(), 0);
});

test('a crash ends the process with a non-zero status', async () => {
  const served = await startPlugin(ECHO);
  await assert.rejects(served.call('node.crash', {}, { timeoutMs: 2000 }), (e) => e.code === 'TIMEOUT');
  assert.equal(await served.exited(), 1);
  await served.stop();
});

test('an ES module plugin is served', async (t) => {
  const served = await startPlugin(ESM);
  t.after(() => served.stop());
  assert.deepEqual(await served.call('esm.add', { a: 2, b: 3 }), { sum: 5 });
});

test('describe mode prints one JSON line and exits 0 without connecting', () => {
  const run = childProcess.spawnSync(process.execPath, [SERVE, 'plugin.js'], { encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_PATH: path.join(__dirname, '..'), DHII_DESCRIBE: '1', DHII_PLUGIN_DIR: ECHO } });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const description = JSON.parse(lines[0]);
  assert.equal(description.sdk, 'node/1');
  assert.equal(description.capabilities[0].id, 'node.echo');
});

test('a missing entrypoint, a file without a Plugin and a missing environment exit with a reason', () => {
  const env = { PATH: process.env.PATH, NODE_PATH: path.join(__dirname, '..'), DHII_PLUGIN_DIR: ECHO };
  const missing = childProcess.spawnSync(process.execPath, [SERVE, 'nope.js'], { encoding: 'utf8', env });
  assert.equal(missing.status, 3);
  assert.match(missing.stderr.trim().split('\n').pop(), /cannot load nope\.js/);
  const none = childProcess.spawnSync(process.execPath, [SERVE, 'manifest.json'], { encoding: 'utf8', env });
  assert.equal(none.status, 3);
  assert.match(none.stderr.trim().split('\n').pop(), /exports no Plugin/);
  const outside = childProcess.spawnSync(process.execPath, [SERVE, '../esm/plugin.mjs'], { encoding: 'utf8', env });
  assert.equal(outside.status, 2);
  const bare = childProcess.spawnSync(process.execPath, [SERVE, 'plugin.js'], { encoding: 'utf8', env });
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /not started by the Dhii runtime: missing DHII_BRIDGE_HOST/);
});
