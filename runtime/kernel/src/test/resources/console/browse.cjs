// Opens the runtime's pages in headless Chromium (puppeteer-core, no browser download) and checks them.
// Usage: node browse.cjs BASE_URL PAGES SCREENSHOT_DIR
//   PAGES: comma-separated paths, e.g. /ui (each has its own checks below; another path is only loaded,
//   checked for a 200 and no console error, and photographed)
// Environment: DHII_PUPPETEER (the folder puppeteer-core is installed in), DHII_CHROMIUM (the browser),
//   DHII_ADMIN_TOKEN (a bare admin token), DHII_PLUGIN and DHII_CAPABILITY (what the /ui checks use).
// Prints one line per check; exits 0 when every check passed.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const { createRequire } = require('module');
const puppeteer = createRequire(path.join(process.env.DHII_PUPPETEER, 'package.json'))('puppeteer-core');

const [base, pages, shots] = process.argv.slice(2);
const plugin = process.env.DHII_PLUGIN;
const capability = process.env.DHII_CAPABILITY;
const TIMEOUT = 20000;

function log(...parts) {
  console.log(parts.join(' '));
}

async function checkConsole(page) {
  await page.goto(base + '/ui/', { waitUntil: 'domcontentloaded', timeout: TIMEOUT });
  const row = `tr[data-plugin="${plugin}"]`;
  await page.waitForSelector(`${row} td.state-READY`, { timeout: TIMEOUT });
  log('ok plugin-ready', plugin);
  await page.waitForFunction(() => document.querySelector('#connection').textContent === 'live', { timeout: TIMEOUT });
  log('ok websocket-live');
  const calls = `tr[data-capability="${capability}"] td:nth-child(4)`;
  const before = Number(await page.$eval(calls, td => td.textContent));
  // calls through the console's own try-it form, then the number must change without a reload
  await page.select('#capability', capability);
  await page.$eval('#try-input', (t, text) => { t.value = text; }, JSON.stringify({ text: 'from the console' }));
  for (let i = 0; i < 3; i++) {
    await page.click('#try-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#try-status').textContent.startsWith('HTTP 200'),
      { timeout: TIMEOUT });
    await page.$eval('#try-status', s => { s.textContent = ''; });
  }
  log('ok try-it', capability);
  await page.waitForFunction((sel, n) => Number(document.querySelector(sel).textContent) >= n + 3, { timeout: TIMEOUT },
    calls, before);
  const after = Number(await page.$eval(calls, td => td.textContent));
  log('ok live-calls', before, '->', after);
  await page.waitForFunction(() => document.querySelector('#chart-rate canvas') !== null, { timeout: TIMEOUT });
  log('ok chart');
  await page.screenshot({ path: path.join(shots, 'ui-live.png'), fullPage: true });

  const generation = `${row} td:nth-child(3)`;
  const gen = Number(await page.$eval(generation, td => td.textContent));
  await page.type('#token', process.env.DHII_ADMIN_TOKEN);
  await page.click('#token-form button[type=submit]');
  await page.waitForSelector(`${row} button[data-action=redeploy]:not([disabled])`, { timeout: TIMEOUT });
  await page.click(`${row} button[data-action=redeploy]`);
  // generation numbers are the runtime's, shared by every plugin: a redeploy gives a higher one, not gen + 1
  await page.waitForFunction((sel, g) => Number(document.querySelector(sel).textContent) > g, { timeout: TIMEOUT },
    generation, gen);
  await page.waitForSelector(`${row} td.state-READY`, { timeout: TIMEOUT });
  log('ok redeploy generation', gen, '->', await page.$eval(generation, td => td.textContent), '|', await page.$eval('#admin-result', p => p.textContent));
  await page.screenshot({ path: path.join(shots, 'ui-redeployed.png'), fullPage: true });
}

async function checkPlain(page, target) {
  const response = await page.goto(base + target, { waitUntil: 'networkidle0', timeout: TIMEOUT });
  if (!response || response.status() !== 200) {
    throw new Error(target + ' answered ' + (response ? response.status() : 'nothing'));
  }
  log('ok loaded', target);
  await page.screenshot({ path: path.join(shots, target.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') + '.png'),
    fullPage: true });
}

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dhii-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.DHII_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--user-data-dir=' + profile],
    protocolTimeout: TIMEOUT
  });
  let failed = false;
  try {
    for (const target of pages.split(',').filter(Boolean)) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const problems = [];
      page.on('console', m => { if (m.type() === 'error') problems.push(m.text()); });
      page.on('pageerror', e => problems.push(e.message));
      try {
        await (target === '/ui' ? checkConsole(page) : checkPlain(page, target));
        if (problems.length) {
          throw new Error('errors in the page: ' + problems.join(' | '));
        }
      } catch (e) {
        failed = true;
        log('FAIL', target, e.message, problems.length ? '| page errors: ' + problems.join(' | ') : '');
        await page.screenshot({ path: path.join(shots, 'failed' + target.replace(/\W+/g, '_') + '.png'), fullPage: true })
          .catch(() => {});
      }
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
})().catch(e => {
  log('FAIL', e.message);
  process.exit(1);
});
