"""Tests of the Python SDK against a fake bridge: a real TCP server speaking the bridge's framing, with
the example plugins started as real subprocesses, as the runtime starts them.

Run: cd runtime/sdk-python && python3 -m unittest discover -s tests -v
"""

import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

SDK = Path(__file__).resolve().parents[1]
EXAMPLES = SDK / "examples"
ECHO = EXAMPLES / "echo"
LEGACY = EXAMPLES / "legacy-greeter"

sys.path.insert(0, str(SDK))

from a2ui_integration.core import types as v1  # noqa: E402
from dhii_plugin import (AuthenticationError, ConfigurationError, Context, NetworkError, Plugin,  # noqa: E402
                         PluginError, ValidationError)

#: The longest any single wait in these tests may take.
WAIT = 5.0
TOKEN = "t0ken-4b1d"


def now_ms():
    return int(time.time() * 1000)


class FakeBridge:
    """The runtime's side of one plugin connection."""

    def __init__(self, port=0):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", port))
        self.server.listen(1)
        self.server.settimeout(WAIT)
        self.port = self.server.getsockname()[1]
        self.conn = None
        self.pings = 0

    def accept(self):
        self.conn, _ = self.server.accept()
        self.conn.settimeout(WAIT)

    def send(self, frame):
        data = json.dumps(frame).encode("utf-8")
        self.conn.sendall(struct.pack(">i", len(data)) + data)

    def _exactly(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.conn.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def recv(self, timeout=WAIT):
        """The next frame other than a ping (answered with a pong), or None at the end of the stream."""
        self.conn.settimeout(timeout)
        while True:
            head = self._exactly(4)
            if head is None:
                return None
            (length,) = struct.unpack(">i", head)
            payload = self._exactly(length)
            if payload is None:
                return None
            frame = json.loads(payload.decode("utf-8"))
            if frame.get("type") == "ping":
                self.pings += 1
                self.send({"type": "pong"})
                continue
            return frame

    def close_connection(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def close(self):
        self.close_connection()
        self.server.close()


class PluginCase(unittest.TestCase):
    """Starts a plugin subprocess against a fake bridge and speaks to it."""

    plugin_dir = ECHO
    plugin_id = "py-echo"
    #: when set, the plugin is started as the runtime starts an "entrypoint" manifest:
    #: python -m dhii_plugin serve ENTRYPOINT in a data directory of its own, DHII_PLUGIN_DIR = plugin_dir
    entrypoint = None

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.calls = "dhii.proc.%s.%s.calls" % (self.plugin_id, TOKEN)
        self.announce_address = "dhii.proc.%s.%s.announce" % (self.plugin_id, TOKEN)
        self.bridge = None
        self.proc = None
        self._replies = 0

    def spawn(self, config=None, concurrency=None, port=None, env_override=None):
        if self.bridge is None and port is None:
            self.bridge = FakeBridge()
            self.addCleanup(self.bridge.close)
        env = dict(os.environ)
        env.update({
            "DHII_BRIDGE_HOST": "127.0.0.1",
            "DHII_BRIDGE_PORT": str(port if port is not None else self.bridge.port),
            "DHII_PLUGIN_ID": self.plugin_id,
            "DHII_PLUGIN_TOKEN": TOKEN,
            "DHII_PLUGIN_CALLS": self.calls,
            "DHII_PLUGIN_ANNOUNCE": self.announce_address,
            "PYTHONPATH": str(SDK) + os.pathsep + env.get("PYTHONPATH", ""),
        })
        if config is not None:
            env["DHII_PLUGIN_CONFIG"] = config if isinstance(config, str) else json.dumps(config)
        if concurrency is not None:
            env["DHII_PLUGIN_CONCURRENCY"] = str(concurrency)
        for name, value in (env_override or {}).items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        self.stderr_path = os.path.join(self.tmp.name, "stderr.txt")
        stderr = open(self.stderr_path, "wb")
        self.addCleanup(stderr.close)
        if self.entrypoint is None:
            argv, cwd = [sys.executable, "plugin.py"], str(self.plugin_dir)
        else:
            self.data_dir = os.path.join(self.tmp.name, "data")
            os.makedirs(self.data_dir, exist_ok=True)
            env["DHII_PLUGIN_DIR"] = str(self.plugin_dir)
            argv, cwd = [sys.executable, "-m", "dhii_plugin", "serve", self.entrypoint], self.data_dir
        self.stdout_path = os.path.join(self.tmp.name, "stdout.txt")
        stdout = open(self.stdout_path, "wb")
        self.addCleanup(stdout.close)
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        self.addCleanup(self._reap)
        return self.proc

    def _reap(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=WAIT)

    def stderr(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def start(self, config=None, concurrency=None):
        """Starts the plugin; checks and returns its registration and announcement."""
        self.spawn(config, concurrency)
        self.bridge.accept()
        register = self.bridge.recv()
        self.assertEqual({"type": "register", "address": self.calls}, register)
        announce = self.bridge.recv()
        self.assertIsNotNone(announce, self.stderr())
        self.assertEqual("send", announce["type"])
        self.assertEqual(self.announce_address, announce["address"])
        self.assertNotIn("replyAddress", announce)
        return announce["body"]

    def send_call(self, capability, data=None, deadline_ms=None, **extra):
        self._replies += 1
        reply = "reply.%d" % self._replies
        body = {"capability": capability, "input": {} if data is None else data, "requestId": "req-%d" % self._replies,
                "userId": None, "deadlineEpochMs": now_ms() + 30000 if deadline_ms is None else deadline_ms,
                "traceparent": None, "callId": "call.%d" % self._replies}
        body.update(extra)
        self.bridge.send({"type": "message", "address": self.calls, "body": body, "headers": {},
                          "replyAddress": reply, "send": True})
        return reply

    def started_signal(self):
        """:return: (server, port): a call given {"notifyPort": port} connects once it runs"""
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        server.settimeout(WAIT)
        self.addCleanup(server.close)
        return server, server.getsockname()[1]

    def await_started(self, server):
        """Returns once a call connected to the server (fails after WAIT seconds)."""
        conn, _ = server.accept()
        conn.close()

    def send_cancel(self, call_id, reason="CANCELLED"):
        """The runtime's cancel message: sent without a reply address, never answered."""
        self.bridge.send({"type": "message", "address": self.calls, "headers": {}, "send": True,
                          "body": {"control": "cancel", "callId": call_id, "reason": reason}})

    def send_control(self, control):
        self._replies += 1
        reply = "control.%d" % self._replies
        self.bridge.send({"type": "message", "address": self.calls, "body": {"control": control}, "headers": {},
                          "replyAddress": reply, "send": True})
        return reply

    def replies(self, *addresses, timeout=WAIT):
        """Reads frames until every address got its reply; returns address -> body (and the order)."""
        got, order = {}, []
        while len(got) < len(addresses):
            frame = self.bridge.recv(timeout)
            self.assertIsNotNone(frame, "connection closed; stderr:\n" + self.stderr())
            self.assertEqual("send", frame["type"], frame)
            self.assertIn(frame["address"], addresses, frame)
            self.assertEqual({}, frame.get("headers", {}))
            got[frame["address"]] = frame["body"]
            order.append(frame["address"])
        self.order = order
        return got

    def call(self, capability, data=None, **kw):
        reply = self.send_call(capability, data, **kw)
        return self.replies(reply)[reply]

    def assert_error(self, body, code, nothing_done=None, message=None):
        self.assertFalse(body["ok"], body)
        self.assertEqual(code, body["error"]["code"], body)
        if nothing_done is not None:
            self.assertIs(nothing_done, body["error"]["nothingDone"], body)
        if message is not None:
            self.assertIn(message, body["error"]["message"])

    def assert_exit(self, code):
        self.assertEqual(code, self.proc.wait(timeout=WAIT + 6), self.stderr())


class EchoPluginTest(PluginCase):

    def test_registers_then_announces_capabilities_with_schemas_and_token(self):
        body = self.start()
        self.assertEqual("py-echo", body["pluginId"])
        self.assertEqual(TOKEN, body["token"])
        self.assertEqual("python/1", body["sdk"])
        caps = {c["id"]: c for c in body["capabilities"]}
        self.assertEqual(["py.echo", "py.context", "py.fail", "py.pair", "py.sleep", "py.touch", "py.set_health",
                          "py.async_echo"], [c["id"] for c in body["capabilities"]])
        text = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
        self.assertEqual({"id": "py.echo", "inputSchema": text, "outputSchema": text, "idempotent": True,
                          "requiresAuth": False, "description": "Echoes its input", "apiVersion": 2}, caps["py.echo"])
        self.assertFalse(caps["py.fail"]["idempotent"])
        manifest = json.loads((ECHO / "manifest.json").read_text(encoding="utf-8"))
        self.assertEqual(manifest["capabilities"], [c["id"] for c in body["capabilities"]])

    def test_echo_replies_ok_with_the_output(self):
        self.start()
        self.assertEqual({"ok": True, "output": {"text": "hé ✓"}}, self.call("py.echo", {"text": "hé ✓"}))
        big = "x" * 300_000  # several TCP segments each way
        self.assertEqual(big, self.call("py.echo", {"text": big})["output"]["text"])
        self.assertEqual({"ok": True, "output": {"text": "async"}}, self.call("py.async_echo", {"text": "async"}))

    def test_context_carries_the_call_and_runs_on_a_worker(self):
        self.start(config={"greeting": "hi"})
        tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        out = self.call("py.context", userId="ada", traceparent=tp, requestId="r-42")["output"]
        self.assertEqual("r-42", out["requestId"])
        self.assertEqual("ada", out["userId"])
        self.assertEqual(tp, out["traceparent"])
        self.assertEqual("py.context", out["capability"])
        self.assertGreater(out["remaining"], 20)
        self.assertLessEqual(out["remaining"], 30)
        self.assertFalse(out["cancelled"])
        self.assertEqual({"greeting": "hi"}, out["config"])
        self.assertTrue(out["thread"].startswith("dhii-call"), out["thread"])

    def test_plugin_errors_keep_their_code_and_nothing_done(self):
        self.start()
        self.assert_error(self.call("py.fail", {"kind": "validation"}), "VALIDATION", True, "text is too long")
        self.assert_error(self.call("py.fail", {"kind": "network"}), "NETWORK", True, "mail server unreachable")

    def test_an_exception_is_internal_with_a_plain_message_and_its_type_and_traceback_on_stderr(self):
        self.start()
        body = self.call("py.fail", {"kind": "crash"})
        self.assert_error(body, "INTERNAL", False)
        self.assertEqual("The plugin failed", body["error"]["message"])
        err = self.stderr()
        self.assertIn("[py-echo] Traceback (most recent call last):", err)
        self.assertIn("[py-echo] KeyError: 'missing'", err)

    def test_a_non_object_or_non_json_output_is_internal(self):
        self.start()
        self.assert_error(self.call("py.fail", {"kind": "list"}), "INTERNAL", False,
                          "returned list instead of an object")
        self.assert_error(self.call("py.fail", {"kind": "notjson"}), "INTERNAL", False, "output is not JSON")
        self.assertEqual({"ok": True, "output": {"text": "still here"}}, self.call("py.echo", {"text": "still here"}))

    def test_an_unknown_capability_is_not_found(self):
        self.start()
        self.assert_error(self.call("py.nope"), "NOT_FOUND", True, "py.nope")

    def test_a_call_past_its_deadline_is_not_run(self):
        touch_dir = self.tmp.name
        self.start(config={"touchDir": touch_dir})
        body = self.call("py.touch", {"name": "late"}, deadline_ms=now_ms() - 1000)
        self.assertEqual({"ok": False, "error": {"code": "TIMEOUT", "message": "deadline passed before the call started",
                                                 "nothingDone": True}}, body)
        self.assertEqual({"ok": True, "output": {"touched": "on-time"}}, self.call("py.touch", {"name": "on-time"}))
        self.assertTrue(os.path.exists(os.path.join(touch_dir, "on-time")))
        self.assertFalse(os.path.exists(os.path.join(touch_dir, "late")))

    def test_health_is_up_or_down_with_the_detail(self):
        self.start()
        health = self.send_control("health")
        self.assertEqual({"ok": True, "status": "UP"}, self.replies(health)[health])
        self.call("py.set_health", {"up": False, "detail": "disk full"})
        health = self.send_control("health")
        self.assertEqual({"ok": True, "status": "DOWN", "detail": "disk full"}, self.replies(health)[health])
        self.call("py.set_health", {"raise": True, "detail": "probe crashed"})
        health = self.send_control("health")
        self.assertEqual({"ok": True, "status": "DOWN", "detail": "RuntimeError: probe crashed"},
                         self.replies(health)[health])
        self.call("py.set_health", {"up": True})
        health = self.send_control("health")
        self.assertEqual({"ok": True, "status": "UP"}, self.replies(health)[health])

    def test_health_is_answered_while_every_worker_is_busy(self):
        self.start(concurrency=1)
        self.send_call("py.pair", {"timeoutSeconds": WAIT})  # holds the only worker
        health = self.send_control("health")
        self.assertEqual({health: {"ok": True, "status": "UP"}}, self.replies(health))

    def test_two_calls_run_at_once_with_concurrency_two(self):
        self.start(concurrency=2)
        # Each py.pair call waits at a two-party barrier: both return only if both run at the same time.
        first = self.send_call("py.pair", {"timeoutSeconds": WAIT})
        second = self.send_call("py.pair", {"timeoutSeconds": WAIT})
        got = self.replies(first, second)
        self.assertEqual({"ok": True, "output": {"paired": True}}, got[first])
        self.assertEqual({"ok": True, "output": {"paired": True}}, got[second])

    def test_concurrency_one_runs_calls_one_after_the_other(self):
        self.start(concurrency=1)
        first = self.send_call("py.pair", {"timeoutSeconds": 0.3})
        second = self.send_call("py.pair", {"timeoutSeconds": 0.3})
        got = self.replies(first, second)
        # Alone at the barrier, the first call gives up; the second finds it broken.
        self.assert_error(got[first], "INTERNAL", message="The plugin failed")
        self.assert_error(got[second], "INTERNAL", message="The plugin failed")
        self.assertEqual(2, self.stderr().count("failed: BrokenBarrierError"), self.stderr())

    def test_shutdown_waits_for_calls_in_flight_unloads_replies_and_exits_0(self):
        marker = os.path.join(self.tmp.name, "unloaded")
        self.start(config={"unloadMarker": marker})
        slow = self.send_call("py.sleep", {"ms": 300})
        shutdown = self.send_control("shutdown")
        refused = self.send_call("py.echo", {"text": "too late"})
        got = self.replies(slow, shutdown, refused)
        self.assertEqual({"ok": True, "output": {"slept": 300}}, got[slow])
        self.assertEqual({"ok": True}, got[shutdown])
        self.assertLess(self.order.index(slow), self.order.index(shutdown))
        self.assert_error(got[refused], "UNAVAILABLE", True)
        self.assertIsNone(self.bridge.recv(), "the plugin closes the connection after replying")
        self.assert_exit(0)
        self.assertTrue(os.path.exists(marker), "on_unload ran")

    def test_end_of_stream_unloads_and_exits_0(self):
        marker = os.path.join(self.tmp.name, "unloaded")
        self.start(config={"unloadMarker": marker})
        self.bridge.close_connection()
        self.assert_exit(0)
        self.assertTrue(os.path.exists(marker), "on_unload ran")
        self.assertIn("[py-echo] stopping: the bridge closed the connection", self.stderr())

    def test_sigterm_unloads_and_exits_0(self):
        marker = os.path.join(self.tmp.name, "unloaded")
        self.start(config={"unloadMarker": marker})
        self.proc.send_signal(signal.SIGTERM)
        self.assertIsNone(self.bridge.recv())
        self.assert_exit(0)
        self.assertTrue(os.path.exists(marker), "on_unload ran")

    def test_on_load_failure_exits_3_without_announcing(self):
        self.spawn(config={"failLoad": True})
        self.bridge.accept()
        self.assertEqual({"type": "register", "address": self.calls}, self.bridge.recv())
        self.assertIsNone(self.bridge.recv(), "no announcement")
        self.assert_exit(3)
        self.assertIn("told to fail by the configuration", self.stderr())

    def test_a_config_that_is_not_an_object_exits_3(self):
        self.spawn(config="[1, 2]")
        self.assert_exit(3)
        self.assertIn("[py-echo] bad configuration", self.stderr())

    def test_an_incomplete_environment_exits_2(self):
        self.spawn(env_override={"DHII_PLUGIN_CALLS": None})
        self.assert_exit(2)
        self.assertIn("missing DHII_PLUGIN_CALLS", self.stderr())

    def test_connecting_is_retried_until_the_bridge_listens(self):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        self.spawn(port=port)  # nothing listens on the port yet: the first attempts are refused
        self.bridge = FakeBridge(port)
        self.addCleanup(self.bridge.close)
        self.bridge.accept()
        self.assertEqual({"type": "register", "address": self.calls}, self.bridge.recv())
        self.assertEqual("send", self.bridge.recv()["type"])
        self.assertEqual({"ok": True, "output": {"text": "late bridge"}}, self.call("py.echo", {"text": "late bridge"}))


class LegacyPluginTest(PluginCase):

    plugin_dir = LEGACY
    plugin_id = "legacy-greeter"

    def test_announces_v1_capabilities(self):
        body = self.start()
        caps = {c["id"]: c for c in body["capabilities"]}
        self.assertEqual(["greeter.greet", "greeter.fail", "greeter.crash", "greeter.wait", "greeter.ghost"],
                         list(caps))
        greet = caps["greeter.greet"]
        self.assertTrue(greet["requiresAuth"])
        self.assertFalse(greet["idempotent"])
        self.assertEqual("Greets someone by name", greet["description"])
        self.assertEqual(["name"], greet["inputSchema"]["required"])
        self.assertEqual("boolean", greet["outputSchema"]["properties"]["success"]["type"])
        self.assertFalse(caps["greeter.fail"]["requiresAuth"])

    def test_v1_results_and_failures_map_to_replies(self):
        self.start()
        self.assertEqual({"ok": True, "output": {"success": True, "greeting": "Hello, Ada!"}},
                         self.call("greeter.greet", {"name": "Ada"}))
        # a v1 failure result is passed on as it is, as the Java LegacyAdapter does
        self.assertEqual({"ok": True, "output": {"success": False, "error": "mailbox is full"}},
                         self.call("greeter.fail"))
        crash = self.call("greeter.crash")
        self.assert_error(crash, "INTERNAL", False)
        self.assertEqual("The plugin failed", crash["error"]["message"])
        self.assert_error(self.call("greeter.ghost"), "NOT_FOUND", True, "Unknown capability: greeter.ghost")
        health = self.send_control("health")
        self.assertEqual({"ok": True, "status": "UP"}, self.replies(health)[health])

    def test_a_call_is_awaited_only_for_its_remaining_time(self):
        self.start()
        started = time.monotonic()
        body = self.call("greeter.wait", {"seconds": 30}, deadline_ms=now_ms() + 300)
        self.assert_error(body, "TIMEOUT", False)
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual({"ok": True, "output": {"success": True}}, self.call("greeter.wait", {"seconds": 0}))

    def test_a_cancel_message_cancels_the_v1_coroutine_at_once(self):
        self.start()
        started = time.monotonic()
        server, port = self.started_signal()
        waiting = self.send_call("greeter.wait", {"seconds": 30, "notifyPort": port})
        self.await_started(server)
        self.send_cancel("call.1")
        self.assert_error(self.replies(waiting)[waiting], "CANCELLED", False, "greeter.wait was cancelled")
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual({"ok": True, "output": {"success": True}}, self.call("greeter.wait", {"seconds": 0}))

    def test_initialize_false_exits_3(self):
        self.spawn(config={"failInit": True})
        self.bridge.accept()
        self.assertEqual({"type": "register", "address": self.calls}, self.bridge.recv())
        self.assertIsNone(self.bridge.recv(), "no announcement")
        self.assert_exit(3)
        self.assertIn("initialize() returned False", self.stderr())

    def test_end_of_stream_awaits_shutdown_and_exits_0(self):
        marker = os.path.join(self.tmp.name, "shut-down")
        self.start(config={"shutdownMarker": marker})
        self.bridge.close_connection()
        self.assert_exit(0)
        self.assertTrue(os.path.exists(marker), "shutdown() ran")


class ApiTest(unittest.TestCase):

    def test_errors_carry_their_codes(self):
        self.assertEqual({"code": "VALIDATION", "message": "bad", "nothingDone": False},
                         ValidationError("bad").to_wire())
        self.assertEqual("AUTHENTICATION", AuthenticationError("no").code)
        self.assertEqual("CONFIGURATION", ConfigurationError("no").code)
        err = NetworkError("down", nothing_done=True)
        self.assertEqual(("NETWORK", "down", True), (err.code, err.message, err.nothing_done))
        self.assertIsInstance(err, PluginError)
        self.assertEqual("NOT_FOUND", PluginError("NOT_FOUND", "x").code)
        with self.assertRaises(ValueError):
            PluginError("OOPS", "x")

    def test_context_remaining_and_cancelled(self):
        ctx = Context(deadline=time.time() + 60)
        self.assertGreater(ctx.remaining(), 50)
        self.assertFalse(ctx.cancelled())
        past = Context(deadline=time.time() - 1)
        self.assertEqual(0.0, past.remaining())
        self.assertTrue(past.cancelled())
        self.assertFalse(Context().cancelled())

    def test_a_capability_is_declared_once(self):
        plugin = Plugin()

        @plugin.capability("a.b")
        def handler(data, ctx):
            return {}

        self.assertEqual(["a.b"], plugin.capability_ids)
        with self.assertRaises(ValueError):
            plugin.add_capability("a.b", handler)

    def test_v1_types(self):
        cap = v1.Capability(id="a.b", domain="a", name="B", description="d", input_schema={}, output_schema={})
        self.assertEqual([], cap.side_effects)
        self.assertFalse(cap.requires_auth)
        self.assertEqual("email", v1.PluginType.EMAIL.value)
        self.assertEqual("error", v1.PluginStatus.ERROR.value)
        config = v1.PluginConfig(id="x", name="X")
        self.assertEqual(v1.PluginType.CUSTOM, config.type)
        self.assertEqual([], config.capabilities)
        with self.assertRaises(TypeError):
            v1.DomainModule()


if __name__ == "__main__":
    unittest.main()


class DescribeTest(unittest.TestCase):
    """DHII_DESCRIBE=1: what `dhii plugin validate` reads, without a runtime."""

    def test_a_plugin_prints_its_announcement_and_exits(self):
        env = dict(os.environ, DHII_DESCRIBE="1", PYTHONPATH=str(SDK))
        for name in ("DHII_BRIDGE_HOST", "DHII_BRIDGE_PORT", "DHII_PLUGIN_TOKEN"):
            env.pop(name, None)
        done = subprocess.run([sys.executable, "plugin.py"], cwd=str(ECHO), env=env, capture_output=True,
                              timeout=20, text=True)
        self.assertEqual(0, done.returncode, done.stderr)
        description = json.loads(done.stdout.strip().splitlines()[-1])
        self.assertEqual("python/1", description["sdk"])
        ids = [c["id"] for c in description["capabilities"]]
        manifest = json.loads((ECHO / "manifest.json").read_text())
        self.assertEqual(sorted(manifest["capabilities"]), sorted(ids))
        echo = next(c for c in description["capabilities"] if c["id"] == "py.echo")
        self.assertEqual(["text"], echo["inputSchema"]["required"])


class WorkersTest(unittest.TestCase):
    """The runner's worker threads: calls submitted together run together, up to the pool's size."""

    def test_calls_submitted_at_once_run_at_once_up_to_the_size(self):
        import threading
        from dhii_plugin._runner import Workers
        workers = Workers(3)
        release = threading.Event()
        running = threading.Semaphore(0)
        lock = threading.Lock()
        active = [0, 0]  # now, most at once

        def call():
            with lock:
                active[0] += 1
                active[1] = max(active[1], active[0])
            running.release()
            release.wait(10)
            with lock:
                active[0] -= 1

        warmed = threading.Event()
        workers.submit(warmed.set)  # one worker started, and waiting again once this ran
        self.assertTrue(warmed.wait(10))
        deadline = time.monotonic() + 10
        while workers._idle == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # the worker counts itself waiting just after the call returned
        for _ in range(4):
            workers.submit(call)
        for _ in range(3):  # three run at once: the waiting worker takes one, two threads are started
            self.assertTrue(running.acquire(timeout=10), "a call did not start")
        self.assertFalse(running.acquire(timeout=0.2), "a fourth call ran beyond the size")
        release.set()
        self.assertTrue(running.acquire(timeout=10), "the queued call did not run once a worker was free")
        self.assertEqual(3, active[1])
