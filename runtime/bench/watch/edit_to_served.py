#!/usr/bin/env python3
"""Edit-to-served under `./dhii serve --watch`: how long after a file write the new behaviour answers.

Starts `./dhii serve --watch` on free loopback ports with an empty plugin folder, creates a Python and a Java
plugin there with `./dhii plugin create` (after the runtime is up: they are hot-added), builds the Java one into
target/<id>.jar as its Maven project would (javac + jar against runtime/api), then for N rounds:
  Python: rewrites plugin.py in place with a new greeting;
  Java:   rewrites target/<id>.jar in place (as `mvn package` does) with a jar whose greeting is new;
and measures from the end of the write to the first successful call answering the new greeting (polled every
2 ms over one keep-alive connection). Prints each round, then the median and max per language.

    python3 runtime/bench/watch/edit_to_served.py [--rounds N] [--settle-ms MS]

TRACE=FILE also prints the wall-clock time of each Python write and answer, and copies the runtime's log to FILE.

Needs the runtime built (./dhii builds it on first use) and python3 with pydantic (the Python scaffold's
requirements, installed into its virtual environment by the runtime).
"""
import argparse
import glob
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def stamp(t):
    return time.strftime("%H:%M:%S", time.localtime(t)) + ".%03d" % int((t % 1) * 1000)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dhii(*args, env=None):
    return subprocess.run([os.path.join(ROOT, "dhii"), *args], check=True, capture_output=True, text=True, env=env)


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def text(self, capability):
        try:
            self.conn.request("POST", "/v1/capabilities/%s/invoke" % capability, body=b'{"name":"Ada"}',
                              headers={"content-type": "application/json"})
            response = self.conn.getresponse()
            body = json.loads(response.read())
            return body.get("result", {}).get("text") if response.status == 200 else None
        except (OSError, http.client.HTTPException, ValueError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            return None

    def until(self, capability, want, limit_s):
        start = time.monotonic()
        while time.monotonic() - start < limit_s:
            if self.text(capability) == want:
                return time.monotonic()
            time.sleep(0.002)
        raise SystemExit("timed out after %ss waiting for %s to answer %r" % (limit_s, capability, want))


def build_jar(plugin_dir, work, greeting, out):
    """Compiles the scaffold's source with the greeting replaced, into the jar at `out` (written elsewhere first)."""
    api = [j for j in glob.glob(os.path.join(ROOT, "runtime", "api", "target", "dhii-api-*.jar"))
           if not j.endswith(("-sources.jar", "-javadoc.jar"))]
    deps = glob.glob(os.path.join(ROOT, "runtime", "kernel", "target", "lib", "*.jar"))
    src_root = os.path.join(plugin_dir, "src", "main", "java")
    sources = glob.glob(os.path.join(src_root, "**", "*.java"), recursive=True)
    classes = tempfile.mkdtemp(dir=work)
    srcs = []
    for path in sources:
        rel = os.path.relpath(path, src_root)
        copy = os.path.join(classes + "-src", rel)
        os.makedirs(os.path.dirname(copy), exist_ok=True)
        with open(path) as f:
            text = f.read().replace('"Hello, "', '"%s, "' % greeting)
        with open(copy, "w") as f:
            f.write(text)
        srcs.append(copy)
    subprocess.run(["javac", "-nowarn", "-cp", os.pathsep.join(api + deps), "-d", classes, *srcs],
                   check=True)
    subprocess.run(["jar", "cf", out, "-C", classes, "."], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--settle-ms", type=int, default=None, help="the watch's settle time (default: the runtime's)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="dhii-watch-bench-")
    plugins = os.path.join(work, "plugins")
    os.makedirs(plugins)
    port, tcp = free_port(), free_port()
    env = dict(os.environ)
    if args.settle_ms is not None:
        env["DHII_JAVA_OPTS"] = (env.get("DHII_JAVA_OPTS", "") + " -Ddhii.watch.settleMs=%d" % args.settle_ms).strip()
    # the poll below calls every 2 ms: past a capability's rate limit (100 a minute by default) it would measure the
    # limiter's window, not the watch, so the rate limit is off for the run (every other policy stays on)
    conf = os.path.join(work, "runtime.json")
    with open(conf, "w") as f:
        json.dump({"dispatch": {"rateLimit": False}}, f)
    log = open(os.path.join(work, "serve.log"), "w")
    serve = subprocess.Popen([os.path.join(ROOT, "dhii"), "serve", "--watch", "--conf", conf, "--port", str(port),
                              "--tcp-port", str(tcp), "--plugins", plugins], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    try:
        client = Client(port)
        deadline = time.monotonic() + 300
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/health/live")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if serve.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("dhii serve did not start; see " + log.name)
            time.sleep(0.2)
        skip = dict(env, DHII_SKIP_BUILD="1")
        dhii("plugin", "create", "pyhello", "--lang", "python", "--dir", plugins, env=skip)
        dhii("plugin", "create", "jhello", "--lang", "java", "--dir", plugins, env=skip)
        jar = os.path.join(plugins, "jhello", "target", "jhello.jar")
        os.makedirs(os.path.dirname(jar), exist_ok=True)
        variants = []
        for i in range(args.rounds + 1):
            variant = os.path.join(work, "jhello-%d.jar" % i)
            build_jar(os.path.join(plugins, "jhello"), work, "Hello" if i == 0 else "Hi%d" % i, variant)
            variants.append(variant)
        shutil.copyfile(variants[0], jar)
        client.until("pyhello.hello", "Hello, Ada", 300)  # the first start makes its virtual environment
        client.until("jhello.hello", "Hello, Ada", 60)
        script = os.path.join(plugins, "pyhello", "plugin.py")
        with open(script) as f:
            original = f.read()
        results = {"python": [], "java": []}
        for i in range(1, args.rounds + 1):
            greeting = "Hi%d" % i
            with open(script, "w") as f:
                f.write(original.replace('"Hello, "', '"%s, "' % greeting))
            written = time.monotonic()
            wall = time.time()
            results["python"].append((client.until("pyhello.hello", greeting + ", Ada", 30) - written) * 1000)
            if os.environ.get("TRACE"):
                print("  python written %s served %s" % (stamp(wall), stamp(wall + results["python"][-1] / 1000)))
            with open(variants[i], "rb") as src, open(jar, "wb") as dst:
                shutil.copyfileobj(src, dst)
            written = time.monotonic()
            results["java"].append((client.until("jhello.hello", greeting + ", Ada", 30) - written) * 1000)
            print("round %2d: python %6.0f ms   java %6.0f ms" % (i, results["python"][-1], results["java"][-1]), flush=True)
        for lang, ms in results.items():
            print("%-6s edit to served: median %5.0f ms, max %5.0f ms (%d rounds)" % (lang, statistics.median(ms), max(ms),
                                                                                      len(ms)))
        # of which the redeploy itself (new generation loaded, started and serving), as the runtime logs it
        log.flush()
        took = {}
        with open(log.name) as f:
            for line in f:
                m = re.search(r"plugin redeployed pluginId=(\S+) .* in (\d+) ms", line)
                if m:
                    took.setdefault(m.group(1), []).append(int(m.group(2)))
        for plugin, ms in sorted(took.items()):
            print("%-7s redeploy (load to serving): median %5.0f ms, max %5.0f ms" % (plugin, statistics.median(ms), max(ms)))
        print("load average during the run: %.1f %.1f %.1f on %d cores" % (*os.getloadavg(), os.cpu_count()))
    finally:
        serve.terminate()
        try:
            serve.wait(30)
        except subprocess.TimeoutExpired:
            serve.kill()
        if os.environ.get("TRACE"):
            shutil.copyfile(log.name, os.environ["TRACE"])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
