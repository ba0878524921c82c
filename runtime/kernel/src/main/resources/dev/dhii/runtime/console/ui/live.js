'use strict';
// The live part of the console: one WebSocket subscription to the runtime's events (plugin lifecycle and the
// numbers the runtime publishes once a second while someone listens), rates from successive totals, charts.
(function () {
  const HISTORY = 120; // points kept on the charts (one a second)
  const listeners = { stats: [], plugin: [], connection: [] };
  let previous = null; // the last stats event
  let retryMs = 500;

  function emit(kind, value) {
    listeners[kind].forEach(fn => fn(value));
  }

  function connect(token) {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/ws');
    let id = 0;
    const send = (method, params) => ws.send(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }));
    ws.onopen = () => {
      retryMs = 500;
      if (token()) {
        send('auth', { token: token() });
      }
      send('subscribe', { topics: ['plugin.', 'console.'] });
      emit('connection', true);
    };
    ws.onmessage = message => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (data.method !== 'event' || !data.params) {
        return;
      }
      const event = data.params;
      if (event.type === 'console.stats') {
        emit('stats', rates(event));
      } else if (typeof event.type === 'string' && event.type.startsWith('plugin.')) {
        emit('plugin', event);
      }
    };
    ws.onclose = () => {
      emit('connection', false);
      setTimeout(() => connect(token), retryMs);
      retryMs = Math.min(retryMs * 2, 10000);
    };
  }

  // calls/s and errors/s of each capability and plugin, from this event's totals and the previous one's
  function rates(event) {
    const seconds = previous ? Math.max(0.001, (event.timestamp - previous.timestamp) / 1000) : null;
    const before = new Map((previous ? previous.capabilities : []).map(c => [c.capability, c]));
    const byPlugin = new Map((event.plugins || []).map(p => [p.id, { rate: 0, errorRate: 0, errors: 0, p99: null }]));
    const capabilities = event.capabilities.map(c => {
      const last = before.get(c.capability);
      const rate = seconds === null ? null : Math.max(0, c.calls - (last ? last.calls : 0)) / seconds;
      const errorRate = seconds === null ? null : Math.max(0, c.errors - (last ? last.errors : 0)) / seconds;
      const plugin = byPlugin.get(c.plugin) || { rate: 0, errorRate: 0, errors: 0, p99: null };
      plugin.rate += rate || 0;
      plugin.errorRate += errorRate || 0;
      plugin.errors += c.errors;
      if (c.p99Ms !== null && c.p99Ms !== undefined) {
        plugin.p99 = Math.max(plugin.p99 === null ? 0 : plugin.p99, c.p99Ms);
      }
      byPlugin.set(c.plugin, plugin);
      return Object.assign({ rate, errorRate }, c);
    });
    previous = event;
    return { event, capabilities, byPlugin };
  }

  // a uPlot chart of one value per plugin over the last HISTORY seconds
  function Trend(element, unit) {
    this.element = element;
    this.unit = unit;
    this.names = [];
    this.data = [[]];
    this.plot = null;
  }

  Trend.prototype.add = function (seconds, values) {
    const names = Array.from(values.keys()).sort();
    if (names.join('\n') !== this.names.join('\n')) {
      this.names = names;
      this.data = [[]].concat(names.map(() => []));
      if (this.plot) {
        this.plot.destroy();
      }
      this.plot = null;
    }
    this.data[0].push(seconds);
    names.forEach((name, i) => this.data[i + 1].push(values.get(name)));
    if (this.data[0].length > HISTORY) {
      this.data.forEach(series => series.shift());
    }
    if (!this.plot) {
      if (typeof uPlot === 'undefined') {
        return;
      }
      const palette = ['#2e90fa', '#12b76a', '#f79009', '#ee46bc', '#7a5af8', '#f04438', '#0ba5ec', '#667085'];
      this.plot = new uPlot({
        width: Math.max(300, this.element.clientWidth || 500),
        height: 180,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [{}, { label: this.unit, size: 60 }],
        series: [{}].concat(names.map((name, i) => ({ label: name, stroke: palette[i % palette.length], width: 2 })))
      }, this.data, this.element);
    } else {
      this.plot.setData(this.data);
    }
  };

  window.DhiiLive = {
    connect,
    Trend,
    on(kind, fn) {
      listeners[kind].push(fn);
    }
  };
})();
