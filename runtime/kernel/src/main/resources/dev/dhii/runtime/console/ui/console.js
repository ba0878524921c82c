'use strict';
// The console's tables, admin actions and capability browser. The listings are read on load and again after
// each plugin event; the numbers arrive once a second over the WebSocket (live.js).
(function () {
  const TOKEN_KEY = 'dhii.console.token';
  const $ = selector => document.querySelector(selector);
  const plugins = new Map(); // id -> listing entry
  const capabilities = new Map(); // id -> listing entry
  let stats = { capabilities: [], byPlugin: new Map(), event: null };

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  function headers(json) {
    const h = {};
    if (token()) {
      h.authorization = 'Bearer ' + token();
    }
    if (json) {
      h['content-type'] = 'application/json';
    }
    return h;
  }

  // the row of key in body (kept between updates, so that a button is never replaced under a click)
  function rowOf(body, attribute, key, classes) {
    let row = body.querySelector('tr[data-' + attribute + '="' + CSS.escape(key) + '"]');
    if (!row) {
      row = document.createElement('tr');
      row.dataset[attribute] = key;
      classes.forEach(className => {
        const td = document.createElement('td');
        td.className = className;
        row.appendChild(td);
      });
    }
    body.appendChild(row); // in key order: render walks the keys sorted
    return row.children;
  }

  function set(td, text, stateClass) {
    const value = text === null || text === undefined ? '–' : String(text);
    if (td.textContent !== value) {
      td.textContent = value;
    }
    if (stateClass !== undefined) {
      td.className = td.className.split(' ').filter(c => !c.includes('-')).concat(stateClass ? [stateClass] : []).join(' ');
    }
  }

  function fixed(value, digits) {
    return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
  }

  async function loadListings() {
    try {
      const [p, c] = await Promise.all(['/v1/plugins', '/v1/capabilities'].map(path =>
        fetch(path, { headers: headers(false) }).then(r => r.json())));
      plugins.clear();
      (p.plugins || []).forEach(entry => plugins.set(entry.id, entry));
      capabilities.clear();
      (c.capabilities || []).forEach(entry => capabilities.set(entry.id, entry));
      $('#node').textContent = p.cluster ? 'node ' + p.cluster.node : '';
      render();
      fillBrowser();
    } catch (e) {
      $('#admin-result').textContent = 'Could not read the listings: ' + e.message;
    }
  }

  // the listing's figures, overridden by the latest stats event's
  function live(id) {
    const fromStats = stats.event ? (stats.event.plugins || []).find(x => x.id === id) : null;
    return Object.assign({}, plugins.get(id), fromStats || {});
  }

  const PLUGIN_CELLS = ['id', 'state', 'generation num', 'isolation', 'breaker', 'bulkhead', 'rate num', 'errors num', 'actions'];
  const CAPABILITY_CELLS = ['id', 'plugin', 'state', 'calls num', 'rate num', 'errors num', 'p50 num', 'p99 num'];

  function prune(body, attribute, keys) {
    Array.from(body.children).forEach(row => {
      if (!keys.has(row.dataset[attribute])) {
        row.remove();
      }
    });
  }

  function render() {
    const body = $('#plugins tbody');
    prune(body, 'plugin', plugins);
    Array.from(plugins.keys()).sort().forEach(id => {
      const p = live(id);
      const figures = stats.byPlugin.get(id) || {};
      const td = rowOf(body, 'plugin', id, PLUGIN_CELLS);
      set(td[0], id);
      set(td[1], p.state, 'state-' + p.state);
      set(td[2], p.generation);
      set(td[3], p.isolation);
      set(td[4], p.breaker ? p.breaker.state : null, p.breaker ? 'breaker-' + p.breaker.state : '');
      bulkhead(td[5], p);
      set(td[6], fixed(figures.rate, 1));
      set(td[7], figures.errors === undefined ? 0 : figures.errors);
      actions(td[8], p);
    });
    const capBody = $('#capabilities tbody');
    prune(capBody, 'capability', capabilities);
    const byId = new Map(stats.capabilities.map(s => [s.capability, s]));
    Array.from(capabilities.keys()).sort().forEach(id => {
      const c = capabilities.get(id);
      const s = byId.get(id) || { calls: 0, errors: 0, rate: null, p50Ms: null, p99Ms: null };
      const td = rowOf(capBody, 'capability', id, CAPABILITY_CELLS);
      set(td[0], id);
      set(td[1], c.pluginId);
      set(td[2], c.state, 'state-' + c.state);
      set(td[3], s.calls);
      set(td[4], fixed(s.rate, 1));
      set(td[5], s.errors);
      set(td[6], s.p50Ms);
      set(td[7], s.p99Ms);
    });
  }

  function bulkhead(td, p) {
    const max = p.resources ? p.resources.maxConcurrency : null;
    const inFlight = p.bulkhead ? p.bulkhead.inFlight : 0;
    if (!td.firstChild) {
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.appendChild(document.createElement('span'));
      td.appendChild(bar);
      td.appendChild(document.createTextNode(''));
    }
    td.firstChild.firstChild.style.width = (max ? Math.min(100, 100 * inFlight / max) : 0) + '%';
    td.lastChild.textContent = inFlight + '/' + (max === null ? '–' : max)
      + (p.bulkhead && p.bulkhead.queued ? ' +' + p.bulkhead.queued + ' queued' : '');
  }

  function actions(td, p) {
    if (!td.firstChild) {
      ['redeploy', 'toggle'].forEach(() => {
        const button = document.createElement('button');
        button.type = 'button';
        button.addEventListener('click', () => admin(td.parentElement.dataset.plugin, button.dataset.action, button));
        td.appendChild(button);
      });
    }
    const wanted = ['redeploy', p.enabled === false ? 'enable' : 'disable'];
    Array.from(td.children).forEach((button, i) => {
      if (button.dataset.action !== wanted[i]) {
        button.dataset.action = wanted[i];
        button.textContent = wanted[i][0].toUpperCase() + wanted[i].slice(1);
      }
      if (!button.dataset.busy) {
        button.disabled = !token();
      }
      button.title = token() ? '' : 'Enter an admin token first';
    });
  }

  async function admin(id, action, button) {
    button.disabled = true;
    button.dataset.busy = '1';
    const result = $('#admin-result');
    result.textContent = action + ' ' + id + '…';
    try {
      const response = await fetch('/v1/plugins/' + encodeURIComponent(id) + '/' + action,
        { method: 'POST', headers: headers(false) });
      const body = await response.json();
      result.textContent = response.ok
        ? action + ' ' + id + ': done' + (body.generation ? ', generation ' + body.generation : '')
        : action + ' ' + id + ' refused (' + response.status + '): ' + (body.error ? body.error.message : '');
    } catch (e) {
      result.textContent = action + ' ' + id + ' failed: ' + e.message;
    }
    delete button.dataset.busy;
    await loadListings();
  }

  function fillBrowser() {
    const select = $('#capability');
    const chosen = select.value;
    select.replaceChildren();
    Array.from(capabilities.keys()).sort().forEach(id => {
      const option = document.createElement('option');
      option.value = id;
      option.textContent = id;
      select.appendChild(option);
    });
    if (chosen && capabilities.has(chosen)) {
      select.value = chosen;
    } else {
      showCapability(true);
    }
  }

  function example(schema) {
    const input = {};
    const properties = (schema && schema.properties) || {};
    ((schema && schema.required) || []).forEach(name => {
      const type = (properties[name] || {}).type;
      input[name] = type === 'integer' || type === 'number' ? 0 : type === 'boolean' ? false
        : type === 'array' ? [] : type === 'object' ? {} : '';
    });
    return input;
  }

  function showCapability(resetInput) {
    const c = capabilities.get($('#capability').value);
    $('#capability-description').textContent = c ? (c.description || '') + (c.idempotent ? ' (idempotent)' : '') : '';
    $('#input-schema').textContent = c ? JSON.stringify(c.inputSchema, null, 2) : '';
    $('#output-schema').textContent = c ? JSON.stringify(c.outputSchema, null, 2) : '';
    if (resetInput && c) {
      $('#try-input').value = JSON.stringify(example(c.inputSchema), null, 2);
    }
  }

  async function tryIt(event) {
    event.preventDefault();
    const id = $('#capability').value;
    const status = $('#try-status');
    let input;
    try {
      input = JSON.parse($('#try-input').value || '{}');
    } catch (e) {
      status.textContent = 'The input is not JSON: ' + e.message;
      return;
    }
    status.textContent = 'calling ' + id + '…';
    const started = performance.now();
    try {
      const response = await fetch('/v1/capabilities/' + encodeURIComponent(id) + '/invoke',
        { method: 'POST', headers: headers(true), body: JSON.stringify(input) });
      const body = await response.text();
      status.textContent = 'HTTP ' + response.status + ' in ' + Math.round(performance.now() - started) + ' ms';
      try {
        $('#try-output').textContent = JSON.stringify(JSON.parse(body), null, 2);
      } catch (e) {
        $('#try-output').textContent = body;
      }
    } catch (e) {
      status.textContent = 'failed: ' + e.message;
    }
  }

  function tokenState() {
    $('#token-state').textContent = token() ? 'set for this tab' : 'none: read-only';
    render();
  }

  document.addEventListener('DOMContentLoaded', () => {
    const rateChart = new DhiiLive.Trend($('#chart-rate'), 'calls/s');
    const p99Chart = new DhiiLive.Trend($('#chart-p99'), 'ms');
    $('#token-form').addEventListener('submit', event => {
      event.preventDefault();
      const value = $('#token').value.trim().replace(/^Bearer\s+/i, '');
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
      }
      $('#token').value = '';
      tokenState();
      loadListings();
    });
    $('#forget').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      tokenState();
    });
    $('#capability').addEventListener('change', () => showCapability(true));
    $('#try-form').addEventListener('submit', tryIt);
    DhiiLive.on('connection', up => {
      const badge = $('#connection');
      badge.textContent = up ? 'live' : 'offline';
      badge.className = 'badge ' + (up ? 'live' : 'offline');
      if (up) {
        loadListings();
      }
    });
    DhiiLive.on('plugin', () => loadListings());
    DhiiLive.on('stats', next => {
      stats = next;
      const seconds = next.event.timestamp / 1000;
      const rates = new Map();
      const p99 = new Map();
      plugins.forEach((p, id) => {
        const figures = next.byPlugin.get(id) || {};
        rates.set(id, figures.rate || 0);
        p99.set(id, figures.p99 === undefined ? null : figures.p99);
      });
      rateChart.add(seconds, rates);
      p99Chart.add(seconds, p99);
      render();
    });
    tokenState();
    DhiiLive.connect(token);
  });
})();
