"""Calls/s and latency percentiles of the pydantic path against the dict path of the same plugin
(examples/seed: seed.greet with pydantic input/output models, seed.greet_dict with dict schemas), in
this process, through the SDK's call path: context creation, the capability's handler (input parsed
into the model, execute_capability awaited on the plugin's event loop, output dumped from the model)
and the reply's encoding with its frame-size check. No socket: the runtime's side is measured over
HTTP by the Java benchmarks.

Run: cd runtime/sdk-python && python3 bench/bench_paths.py [--seconds 3] [--warmup 1]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

SDK = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, SDK)

from dhii_plugin import _serve  # noqa: E402
from dhii_plugin._runner import Runner  # noqa: E402

INPUT = {"name": "Ada Lovelace", "times": 2}


def measure(runner, capability, seconds):
    latencies = []
    n = 0
    end = time.perf_counter() + seconds
    while True:
        started = time.perf_counter()
        if started >= end:
            break
        n += 1
        body = {"capability": capability, "input": dict(INPUT), "requestId": "bench-%d" % n, "userId": None,
                "deadlineEpochMs": int(time.time() * 1000) + 30000, "traceparent": None, "callId": "c%d" % n}
        reply = runner._invoke(body, runner._context(body))
        runner._encode_reply("reply", reply, body["requestId"])
        latencies.append(time.perf_counter() - started)
        if not reply["ok"]:
            raise SystemExit("%s failed: %s" % (capability, reply))
    latencies.sort()
    total = sum(latencies)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1e6

    return {"calls": len(latencies), "calls_per_s": len(latencies) / total, "p50_us": pct(0.50),
            "p99_us": pct(0.99), "mean_us": statistics.fmean(latencies) * 1e6}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    args = parser.parse_args()
    env = {"DHII_PLUGIN_ID": "seed-greeter", "DHII_PLUGIN_DIR": os.path.join(SDK, "examples", "seed")}
    os.chdir(tempfile.mkdtemp(prefix="dhii-bench-"))
    plugin = _serve.build(_serve.load("greeter_plugin:GreeterPlugin", env["DHII_PLUGIN_DIR"]), env)
    plugin._on_load({"greeting": "Hello"})
    runner = Runner(plugin, env)
    print("python %s, pydantic %s" % (sys.version.split()[0], __import__("pydantic").VERSION))
    print("%-16s %10s %12s %10s %10s" % ("path", "calls", "calls/s", "p50 us", "p99 us"))
    for label, capability in (("pydantic", "seed.greet"), ("dict", "seed.greet_dict")) * 2:
        measure(runner, capability, args.warmup)
        r = measure(runner, capability, args.seconds)
        print("%-16s %10d %12.0f %10.1f %10.1f" % (label + " " + capability, r["calls"], r["calls_per_s"],
                                                   r["p50_us"], r["p99_us"]))


if __name__ == "__main__":
    main()
