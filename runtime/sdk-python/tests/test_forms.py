"""`python -m dhii_plugin serve ENTRYPOINT` for each form the SDK serves, run as the runtime runs it
(a real process, against the fake bridge of test_sdk): the decorator API, v1 DomainModule, Glass Wall
register(kernel), Dhii-Mail main's PluginInterface and BasePlugin, and the Plugin Framework 2.0 contract.
Also describe mode, cancellation, and replies that cannot be sent.

Run: cd runtime/sdk-python && python3 -m unittest discover -s tests -v
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from test_sdk import EXAMPLES, SDK, WAIT, PluginCase, now_ms

try:
    import pydantic
except ImportError:  # the seed contract's tests are skipped (its example needs pydantic)
    pydantic = None

DECORATOR = EXAMPLES / "decorator"
V1 = EXAMPLES / "v1"
GLASSWALL = EXAMPLES / "glasswall"
MAIN = EXAMPLES / "main-interface"
BASE = EXAMPLES / "base-plugin"
SEED = EXAMPLES / "seed"


def manifest_of(directory):
    return json.loads((directory / "manifest.json").read_text(encoding="utf-8"))


class DecoratorServeTest(PluginCase):

    plugin_dir = DECORATOR
    plugin_id = "py-decorator"
    entrypoint = "plugin:plugin"

    def test_announces_the_new_members_and_print_stays_off_stdout(self):
        body = self.start()
        caps = {c["id"]: c for c in body["capabilities"]}
        self.assertEqual(manifest_of(DECORATOR)["capabilities"], list(caps))
        echo = caps["dec.echo"]
        self.assertEqual(("Echo", ["demo"], 5000, 2), (echo["name"], echo["tags"], echo["timeoutMs"],
                                                     echo["apiVersion"]))
        self.assertEqual({"ok": True, "output": {"text": "hi"}}, self.call("dec.echo", {"text": "hi"}))
        self.assertIn("echo called req-", self.stderr())
        self.assertIn("print() goes to the log", self.stderr())
        with open(self.stdout_path, "rb") as f:
            self.assertEqual(b"", f.read())

    def test_a_cancel_message_cancels_that_call_and_gets_no_reply(self):
        self.start(concurrency=2)
        server, port = self.started_signal()
        waiting = self.send_call("dec.wait_cancel", {"seconds": 20, "notifyPort": port})
        other = self.send_call("dec.wait_cancel", {"seconds": 20, "notifyPort": port})
        self.await_started(server)
        self.await_started(server)
        started = time.monotonic()
        self.send_cancel("call.1")
        got = self.replies(waiting)
        self.assertEqual({"ok": True, "output": {"cancelled": True, "reason": "CANCELLED"}}, got[waiting])
        self.assertLess(time.monotonic() - started, WAIT)
        self.send_cancel("call.2", "TIMEOUT")
        self.send_cancel("call.99")  # unknown: ignored
        echo = self.send_call("dec.echo", {"text": "after"})
        got = self.replies(other, echo)  # a reply to a cancel message would fail here
        self.assertEqual({"cancelled": True, "reason": "TIMEOUT"}, got[other]["output"])
        self.assertEqual({"text": "after"}, got[echo]["output"])

    def test_the_deadline_cancels_too(self):
        self.start()
        started = time.monotonic()
        body = self.call("dec.wait_cancel", {"seconds": 20}, deadline_ms=now_ms() + 300)
        self.assertEqual({"ok": True, "output": {"cancelled": True, "reason": None}}, body)
        self.assertLess(time.monotonic() - started, WAIT)

    def test_a_call_cancelled_while_queued_is_not_run(self):
        self.start(concurrency=1)
        server, port = self.started_signal()
        busy = self.send_call("dec.wait_cancel", {"seconds": 20, "notifyPort": port})
        self.await_started(server)
        queued = self.send_call("dec.echo", {"text": "never"})
        self.send_cancel("call.2")
        self.send_cancel("call.1")
        got = self.replies(busy, queued)
        self.assertEqual({"ok": False, "error": {"code": "CANCELLED", "message": "the call was cancelled before it "
                                                 "started", "nothingDone": True}}, got[queued])
        self.assertTrue(got[busy]["output"]["cancelled"])

    def test_an_oversize_reply_fails_only_its_call(self):
        self.spawn(env_override={"DHII_MAX_FRAME_BYTES": "100000"})
        self.bridge.accept()
        self.bridge.recv()
        self.bridge.recv()
        body = self.call("dec.big", {"bytes": 200000})
        self.assert_error(body, "INTERNAL", False, "over the 100000-byte frame limit")
        self.assertEqual(50000, len(self.call("dec.big", {"bytes": 50000})["output"]["data"]))
        self.assertIn("reply to request req-1 replaced by INTERNAL", self.stderr())

    def test_a_20_mib_reply_fails_at_once_and_the_process_keeps_serving(self):
        self.start()
        started = time.monotonic()
        self.assert_error(self.call("dec.big", {"bytes": 20 * 1024 * 1024}), "INTERNAL", False, "frame limit")
        self.assertLess(time.monotonic() - started, WAIT)
        self.assertEqual({"ok": True, "output": {"text": "alive"}}, self.call("dec.echo", {"text": "alive"}))
        self.assertIsNone(self.proc.poll())

    def test_unserialisable_replies_fail_only_their_call(self):
        self.start()
        for kind in ("set", "bytes", "nan", "recursive", "deep"):
            with self.subTest(kind=kind):
                body = self.call("dec.unserialisable", {"kind": kind})
                self.assert_error(body, "INTERNAL", False, "output is not JSON")
        self.assertEqual({"ok": True, "output": {"text": "alive"}}, self.call("dec.echo", {"text": "alive"}))
        self.assertIn("RecursionError", self.stderr())
        self.assertIn("Circular reference", self.stderr())


class V1ServeTest(PluginCase):

    plugin_dir = V1
    plugin_id = "v1-calendar"
    entrypoint = "calendar_v1:CalendarModule"

    def test_announces_v1_capabilities_with_api_version_1(self):
        body = self.start()
        caps = body["capabilities"]
        self.assertEqual(manifest_of(V1)["capabilities"], [c["id"] for c in caps])
        self.assertEqual({1}, {c["apiVersion"] for c in caps})
        self.assertEqual("Create event", caps[0]["name"])
        self.assertFalse(caps[0]["idempotent"])
        # the constructor's file lands in the data directory, never in the plugin directory
        self.assertTrue(os.path.exists(os.path.join(self.data_dir, "v1_calendar.db")))
        self.assertFalse((V1 / "v1_calendar.db").exists())

    def test_writes_answer_their_result_nulls_included_and_show_on_the_next_read(self):
        self.start()
        created = self.call("v1cal.create_event", {"title": "Standup", "start": "2026-01-05T09:00"})
        self.assertTrue(created["ok"], created)
        event_id = created["output"]["event_id"]
        self.assertEqual({"success": True, "event_id": event_id, "error": None}, created["output"])
        listed = self.call("v1cal.list_events")["output"]
        self.assertEqual([{"event_id": event_id, "title": "Standup", "start": "2026-01-05T09:00"}], listed["events"])
        self.assertEqual({"ok": True, "output": {"success": True, "event_id": None, "error": None}},
                         self.call("v1cal.delete_event", {"event_id": event_id}))
        self.assertEqual({"success": False, "error": "event %s not found" % event_id},
                         self.call("v1cal.delete_event", {"event_id": event_id})["output"])
        # a result breaking its own schema is passed on as it is (the runtime reports it)
        self.assertEqual({"ok": True, "output": {"success": True, "count": "0"}}, self.call("v1cal.count"))


class GlassWallTest(PluginCase):

    plugin_dir = GLASSWALL
    plugin_id = "dhii_notes"
    entrypoint = ".:register"

    def test_announces_the_manifest_capabilities_under_the_plugin_id(self):
        body = self.start()
        caps = {c["id"]: c for c in body["capabilities"]}
        self.assertEqual(["dhii_notes.list_notes", "dhii_notes.add_note", "dhii_notes.get_note", "dhii_notes.slow"],
                         list(caps))
        add = caps["dhii_notes.add_note"]
        self.assertEqual(("Add Note", "Adds a note", 60, 5000, False, 1),
                         (add["name"], add["description"], add["rateLimitPerMinute"], add["timeoutMs"],
                          add["idempotent"], add["apiVersion"]))
        self.assertEqual({"type": "object", "properties": {"title": {"type": "string"}, "body": {"type": "string"}}},
                         add["inputSchema"])
        self.assertEqual({"type": "object"}, caps["dhii_notes.list_notes"]["inputSchema"])  # {} in the manifest
        self.assertTrue(caps["dhii_notes.list_notes"]["idempotent"])  # side_effects: false
        self.assertEqual(["note_id"], caps["dhii_notes.get_note"]["inputSchema"]["required"])
        self.assertIn("[dhii_notes] Notes loading...", self.stderr())

    def test_sync_async_and_three_argument_handlers_answer(self):
        self.start()
        listed = self.call("dhii_notes.list_notes")["output"]
        self.assertEqual(("card", "Notes"), (listed["type"], listed["title"]))
        added = self.call("dhii_notes.add_note", {"title": "Groceries", "body": "milk"})["output"]
        self.assertEqual("Note Added", added["title"])
        items = self.call("dhii_notes.list_notes")["output"]["children"][0]["items"]
        self.assertIn({"id": added["id"], "title": "Groceries"}, items)
        self.assertEqual({"id": added["id"], "title": "Groceries", "body": "milk"},
                         self.call("dhii_notes.get_note", {"note_id": added["id"]})["output"])
        self.assertEqual("Not found", self.call("dhii_notes.get_note", {"note_id": "nope"})["output"]["title"])
        self.assertIn("[dhii_notes] ERROR Notes: no note nope", self.stderr())
        self.assert_error(self.call("list_notes"), "NOT_FOUND", True)

    def test_an_async_handler_is_bounded_by_its_deadline(self):
        self.start()
        started = time.monotonic()
        body = self.call("dhii_notes.slow", {"seconds": 30}, deadline_ms=now_ms() + 300)
        self.assert_error(body, "TIMEOUT", False)
        self.assertLess(time.monotonic() - started, WAIT)
        self.assertEqual({"ok": True, "output": {"slept": 0}}, self.call("dhii_notes.slow", {"seconds": 0}))

    def test_a_cancel_message_cancels_an_async_handler_after_its_grace(self):
        self.start()
        started = time.monotonic()
        server, port = self.started_signal()
        slow = self.send_call("dhii_notes.slow", {"seconds": 30, "notifyPort": port})
        self.await_started(server)
        self.send_cancel("call.1")
        body = self.replies(slow)[slow]
        self.assert_error(body, "CANCELLED", False, "dhii_notes.slow was cancelled")
        self.assertLess(time.monotonic() - started, WAIT)
        self.assertEqual("Notes", self.call("dhii_notes.list_notes")["output"]["title"])

    def test_a_declared_capability_never_registered_fails_the_start_naming_it(self):
        copy = os.path.join(self.tmp.name, "dhii_notes")
        shutil.copytree(GLASSWALL, copy)
        manifest = manifest_of(GLASSWALL)
        manifest["capabilities"].append({"id": "archive_note", "name": "Archive", "description": "never registered"})
        with open(os.path.join(copy, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f)
        self.plugin_dir = copy
        self.spawn()
        self.assert_exit(3)
        last = self.stderr().strip().splitlines()[-1]
        self.assertEqual("[dhii_notes] manifest.json declares capability archive_note that register(kernel) never "
                         "registered", last)

    def test_a_directory_named_like_a_standard_module_does_not_shadow_it(self):
        copy = os.path.join(self.tmp.name, "email")
        shutil.copytree(GLASSWALL, copy)
        with open(os.path.join(copy, "__init__.py"), "a", encoding="utf-8") as f:
            f.write("\nimport email.utils  # the standard library's, not this package\n")
        self.plugin_dir = copy
        self.start()
        self.assertEqual("Notes", self.call("dhii_notes.list_notes")["output"]["title"])


class MainInterfaceTest(PluginCase):

    plugin_dir = MAIN
    plugin_id = "main-demo"
    entrypoint = "main_plugin:DemoPlugin"

    def test_registered_handlers_and_execute_capability_answer(self):
        body = self.start()
        caps = {c["id"]: c for c in body["capabilities"]}
        self.assertEqual(manifest_of(MAIN)["capabilities"], list(caps))
        self.assertEqual(("Echo", "Echoes params", 1), (caps["main_demo.echo"]["name"],
                                                        caps["main_demo.echo"]["description"],
                                                        caps["main_demo.echo"]["apiVersion"]))
        self.assertEqual({1}, {c["apiVersion"] for c in caps.values()})
        self.assertTrue(caps["main_demo.status"]["idempotent"])  # a QUERY
        self.assertEqual((10, 5000), (caps["main_demo.fail"]["rateLimitPerMinute"], caps["main_demo.fail"]["timeoutMs"]))
        self.assertEqual({"success": True, "message": "Connected to imap", "connection_id": "conn_1"},
                         self.call("main_demo.connect", {"service": "imap"})["output"])
        self.assertEqual({"status": "connected", "healthy": True, "calls": 2}, self.call("main_demo.status")["output"])
        failed = self.call("main_demo.fail")
        self.assert_error(failed, "INTERNAL", False)
        self.assertEqual("The plugin failed", failed["error"]["message"])
        self.assertEqual({"echo": {"a": 1}}, self.call("main_demo.echo", {"a": 1})["output"])
        self.assertIn("[main-demo] main demo initialized", self.stderr())


class BasePluginTest(PluginCase):

    plugin_dir = BASE
    plugin_id = "counter"
    entrypoint = "counter_plugin:CounterPlugin"

    def test_a_base_plugin_is_served_as_v1(self):
        body = self.start()
        self.assertEqual(["counter.increment", "counter.get"], [c["id"] for c in body["capabilities"]])
        self.assertEqual({1}, {c["apiVersion"] for c in body["capabilities"]})
        self.assertEqual({"success": True, "value": 2, "error": None}, self.call("counter.increment", {"by": 2})["output"])
        self.assertEqual({"success": True, "value": 5, "error": None}, self.call("counter.increment", {"by": 3})["output"])
        self.assertEqual({"success": True, "value": 5}, self.call("counter.get")["output"])


@unittest.skipUnless(pydantic, "pydantic is not installed")
class SeedContractTest(PluginCase):

    plugin_dir = SEED
    plugin_id = "seed-greeter"
    entrypoint = "greeter_plugin:GreeterPlugin"

    def test_announces_schemas_from_the_models_and_the_metadata(self):
        body = self.start()
        caps = {c["id"]: c for c in body["capabilities"]}
        self.assertEqual(manifest_of(SEED)["capabilities"], list(caps))
        greet = caps["seed.greet"]
        self.assertEqual("GreetInput", greet["inputSchema"]["title"])
        self.assertEqual(["name"], greet["inputSchema"]["required"])
        self.assertEqual({"type": "integer", "minimum": 1, "maximum": 5, "default": 1, "title": "Times"},
                         greet["inputSchema"]["properties"]["times"])
        self.assertEqual("GreetOutput", greet["outputSchema"]["title"])
        self.assertEqual((["demo", "typed"], False, 0, 2), (greet["tags"], greet["requiresAuth"],
                                                           greet["rateLimitPerMinute"], greet["apiVersion"]))
        self.assertEqual(60000, caps["seed.wait"]["timeoutMs"])
        self.assertEqual(30, caps["seed.fail"]["rateLimitPerMinute"])

    def test_input_is_parsed_into_the_model_and_output_dumped_from_it(self):
        self.start(config={"greeting": "Hi"})
        body = self.call("seed.greet", {"name": "Ada", "times": 2}, requestId="r-7")
        self.assertEqual({"ok": True, "output": {"greeting": "Hi, Ada! Hi, Ada!", "requestId": "r-7"}}, body)
        self.assertEqual({"greeting": "Hi, Bo!"}, self.call("seed.greet_dict", {"name": "Bo"})["output"])

    def test_a_bad_input_is_validation_with_pointers_and_nothing_runs(self):
        self.start()
        body = self.call("seed.greet", {"name": "", "times": 9})
        self.assert_error(body, "VALIDATION", True, "input of seed.greet is not valid")
        self.assertEqual(["/name", "/times"], [v["pointer"] for v in body["error"]["violations"]])
        self.assertIn("/times: Input should be less than or equal to 5", body["error"]["message"])

    def test_each_exception_maps_to_its_code(self):
        self.start()
        expected = {"validation": ("VALIDATION", True), "authentication": ("AUTHENTICATION", True),
                    "network": ("NETWORK", True), "configuration": ("CONFIGURATION", False),
                    "plugin": ("INTERNAL", False), "crash": ("INTERNAL", False), "bad_output": ("INTERNAL", False)}
        for kind, (code, nothing_done) in expected.items():
            with self.subTest(kind=kind):
                body = self.call("seed.fail", {"kind": kind})
                self.assert_error(body, code, nothing_done)
        body = self.call("seed.fail", {"kind": "validation"})
        self.assertEqual([{"pointer": "/date", "message": "must be in the future"}], body["error"]["violations"])
        self.assertEqual("connection refused", self.call("seed.fail", {"kind": "network"})["error"]["message"])
        self.assertIn("does not match its output_model: /never",
                      self.call("seed.fail", {"kind": "bad_output"})["error"]["message"])
        self.assertEqual("The plugin failed",
                         self.call("seed.fail", {"kind": "crash"})["error"]["message"])

    def test_the_cancellation_token_is_set_on_a_cancel_message(self):
        self.start()
        server, port = self.started_signal()
        waiting = self.send_call("seed.wait", {"seconds": 20, "notifyPort": port})
        self.await_started(server)
        self.send_cancel("call.1")
        output = self.replies(waiting)[waiting]["output"]
        self.assertTrue(output["cancelled"])
        self.assertLess(output["waited"], WAIT)

    def test_the_cancellation_token_is_set_at_the_deadline(self):
        self.start()
        output = self.call("seed.wait", {"seconds": 20}, deadline_ms=now_ms() + 400)["output"]
        self.assertTrue(output["cancelled"])
        self.assertGreater(output["waited"], 0.2)
        self.assertLess(output["waited"], WAIT)

    def test_health_check_and_on_unload(self):
        marker = os.path.join(self.tmp.name, "unloaded")
        self.start(config={"health": "DEGRADED", "unloadMarker": marker})
        health = self.send_control("health")
        self.assertEqual({"ok": True, "status": "UP", "detail": "configured DEGRADED"}, self.replies(health)[health])
        shutdown = self.send_control("shutdown")
        self.assertEqual({"ok": True}, self.replies(shutdown)[shutdown])
        self.assert_exit(0)
        self.assertTrue(os.path.exists(marker))

    def test_a_down_health_check_and_a_failing_on_load(self):
        self.start(config={"health": "DOWN"})
        health = self.send_control("health")
        self.assertEqual({"ok": True, "status": "DOWN", "detail": "configured DOWN"}, self.replies(health)[health])

    def test_on_load_raising_exits_3(self):
        self.spawn(config={"failLoad": True})
        self.bridge.accept()
        self.bridge.recv()
        self.assertIsNone(self.bridge.recv(), "no announcement")
        self.assert_exit(3)
        self.assertIn("PluginConfigurationError: told to fail by the configuration", self.stderr())


def run_serve(entrypoint, plugin_dir, cwd, describe=True, plugin_id="p", extra_env=None):
    env = dict(os.environ, PYTHONPATH=str(SDK), DHII_PLUGIN_DIR=str(plugin_dir), DHII_PLUGIN_ID=plugin_id)
    if describe:
        env["DHII_DESCRIBE"] = "1"
    env.update(extra_env or {})
    for name in ("DHII_BRIDGE_HOST", "DHII_BRIDGE_PORT", "DHII_PLUGIN_TOKEN"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-B", "-m", "dhii_plugin", "serve", entrypoint], cwd=cwd, env=env,
                          capture_output=True, timeout=30, text=True)


class DescribeEveryFormTest(unittest.TestCase):
    """DHII_DESCRIBE=1 with `serve`: one JSON line on stdout, exit 0, no lifecycle hook run."""

    FORMS = [(DECORATOR, "plugin:plugin", "py-decorator"), (V1, "calendar_v1:CalendarModule", "v1-calendar"),
             (GLASSWALL, ".:register", "dhii_notes"), (MAIN, "main_plugin:DemoPlugin", "main-demo"),
             (BASE, "counter_plugin:CounterPlugin", "counter")] + (
                 [(SEED, "greeter_plugin:GreeterPlugin", "seed-greeter")] if pydantic else [])

    def test_each_form_describes_what_its_manifest_lists(self):
        for directory, entrypoint, plugin_id in self.FORMS:
            with self.subTest(form=directory.name), tempfile.TemporaryDirectory() as cwd:
                done = run_serve(entrypoint, directory, cwd, plugin_id=plugin_id)
                self.assertEqual(0, done.returncode, done.stderr)
                lines = done.stdout.splitlines()
                self.assertEqual(1, len(lines), done.stdout)
                description = json.loads(lines[0])
                self.assertEqual("python/1", description["sdk"])
                ids = [c["id"] for c in description["capabilities"]]
                listed = manifest_of(directory)["capabilities"]
                if isinstance(listed[0], dict):  # Dhii-Mail's manifest: ids without the plugin id
                    listed = ["%s.%s" % (plugin_id, c["id"]) for c in listed]
                if directory == MAIN:  # registered in initialize(), which describe mode does not run
                    listed = [c for c in listed if c != "main_demo.echo"]
                self.assertEqual(listed, ids)
                written = sorted(os.listdir(cwd))
                self.assertEqual(["v1_calendar.db"] if directory == V1 else [], written)

    def test_describe_fails_with_exit_3_for_a_missing_registration(self):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "notes")
            shutil.copytree(GLASSWALL, copy)
            manifest = manifest_of(GLASSWALL)
            manifest["capabilities"].append({"id": "ghost"})
            with open(os.path.join(copy, "manifest.json"), "w", encoding="utf-8") as f:
                json.dump(manifest, f)
            done = run_serve(".:register", copy, tmp)
            self.assertEqual(3, done.returncode)
            self.assertEqual("", done.stdout)
            self.assertIn("declares capability ghost that register(kernel) never registered",
                          done.stderr.splitlines()[-1])


class EntrypointErrorTest(unittest.TestCase):
    """What cannot be served exits 3 with the reason as the last line on stderr."""

    def assert_exit_3(self, entrypoint, reason, plugin_dir=GLASSWALL):
        with tempfile.TemporaryDirectory() as cwd:
            for describe in (True, False):
                done = run_serve(entrypoint, plugin_dir, cwd, describe=describe)
                self.assertEqual(3, done.returncode, done.stderr)
                self.assertIn(reason, done.stderr.strip().splitlines()[-1])
                self.assertEqual("", done.stdout)

    def test_a_missing_module(self):
        self.assert_exit_3("no_such_module:X", "cannot import module 'no_such_module' from %s: ModuleNotFoundError"
                           % GLASSWALL)

    def test_a_module_failing_at_import(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "broken.py"), "w", encoding="utf-8") as f:
                f.write("raise RuntimeError('cannot start here')\n")
            self.assert_exit_3("broken:plugin", "RuntimeError: cannot start here", tmp)

    def test_a_missing_attribute(self):
        self.assert_exit_3("store:register", "module 'store' has no attribute 'register'")

    def test_a_directory_without_init(self):
        self.assert_exit_3(".:register", "which has no __init__.py", V1)

    def test_a_constructor_that_fails(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "ctor.py"), "w", encoding="utf-8") as f:
                f.write("class P:\n    def __init__(self):\n        raise OSError('no disk')\n")
            self.assert_exit_3("ctor:P", "cannot create P(): OSError: no disk", tmp)

    def test_an_object_of_no_known_form(self):
        self.assert_exit_3("store:NOTES", "none of the forms served")

    def test_a_bad_command_line_exits_2(self):
        done = subprocess.run([sys.executable, "-m", "dhii_plugin", "run"], env=dict(os.environ, PYTHONPATH=str(SDK)),
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(2, done.returncode)
        self.assertIn("usage: python -m dhii_plugin serve", done.stderr)


if __name__ == "__main__":
    unittest.main()
