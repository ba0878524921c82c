"use strict";
// Moleculer's in-process broker.call of an echo action, with the policies dhii's dispatch has on by default:
// params validation (fastest-validator), circuit breaker, retry and a request timeout. WINDOW calls in flight
// for SECONDS, ROUNDS rounds after a warm-up; prints one line per round and the median.
//   node moleculer.js [seconds=5] [rounds=3] [window=64]
const { ServiceBroker } = require("moleculer");

const seconds = Number(process.argv[2] || 5);
const rounds = Number(process.argv[3] || 3);
const windowSize = Number(process.argv[4] || 64);
setTimeout(() => {
  console.error("moleculer.js: time bound hit");
  process.exit(3);
}, (seconds * (rounds + 1) + 60) * 1000).unref();

const broker = new ServiceBroker({
  nodeID: "bench", transporter: null, logger: false, metrics: false, tracing: false, validator: true,
  requestTimeout: 5000,
  circuitBreaker: { enabled: true, threshold: 0.5, minRequestCount: 20, windowTime: 60, halfOpenTime: 10000 },
  retryPolicy: { enabled: true, retries: 2, delay: 100, maxDelay: 1000, factor: 2 }
});
broker.createService({
  name: "echo",
  actions: {
    echo: {
      params: { text: "string", n: { type: "number", integer: true } },
      handler(ctx) {
        return { text: ctx.params.text, n: ctx.params.n };
      }
    }
  }
});

function measure(secs) {
  return new Promise(resolve => {
    const params = { text: "hello, dhii", n: 42 };
    const end = process.hrtime.bigint() + BigInt(Math.round(secs * 1e9));
    const t0 = process.hrtime.bigint();
    let done = 0, failed = 0, inFlight = 0, stopping = false;
    const settle = () => {
      done++;
      inFlight--;
      if (!stopping && (done & 255) === 0 && process.hrtime.bigint() >= end) stopping = true;
      if (!stopping) send();
      else if (inFlight === 0) resolve({ rate: done / (Number(process.hrtime.bigint() - t0) / 1e9), failed });
    };
    const send = () => {
      inFlight++;
      broker.call("echo.echo", params).then(settle, () => { failed++; settle(); });
    };
    for (let i = 0; i < windowSize; i++) send();
  });
}

(async () => {
  await broker.start();
  console.log(`moleculer ${ServiceBroker.MOLECULER_VERSION}, node ${process.version}: ${windowSize} in flight, ${seconds} s a round, ${rounds} rounds`);
  await measure(Math.min(3, seconds));
  const rates = [];
  for (let r = 1; r <= rounds; r++) {
    const { rate, failed } = await measure(seconds);
    rates.push(rate);
    console.log(`round ${r}  moleculer broker.call echo.echo (params + breaker + retry + timeout)  ${Math.round(rate)} ops/s  errors ${failed}`);
  }
  rates.sort((a, b) => a - b);
  console.log(`median moleculer ${Math.round(rates[Math.floor(rates.length / 2)])} ops/s`);
  await broker.stop();
  process.exit(0);
})();
