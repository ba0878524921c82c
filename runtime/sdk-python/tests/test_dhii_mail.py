"""Dhii-Mail main's plugin folder shapes served with entrypoint "." (the SDK finds the plugin), and the
Dhii-Mail modules their code imports (shared services, the framework package, the application's
calendar modules). The folders are the kernel tests' fixtures (runtime/kernel/src/test/resources/
process/forms/dm_*), written in the shapes of main's plugins/email, calendar, meeting, deal_flow_crm
and test_plugin.

Run: cd runtime/sdk-python && python3 -m unittest discover -s tests -v
"""

import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import unittest
from datetime import datetime, timedelta

from test_forms import run_serve
from test_sdk import SDK, PluginCase

try:
    import pydantic
except ImportError:
    pydantic = None

FORMS = SDK.parent / "kernel" / "src" / "test" / "resources" / "process" / "forms"
sys.path.append(str(SDK / "dhii_mail"))


def described(entrypoint, directory, plugin_id):
    with tempfile.TemporaryDirectory() as cwd:
        done = run_serve(entrypoint, directory, cwd, plugin_id=plugin_id)
        if done.returncode != 0:
            raise AssertionError(done.stderr)
        return [c["id"] for c in json.loads(done.stdout)["capabilities"]], sorted(os.listdir(cwd)), done.stderr


@unittest.skipIf(pydantic is None, "main's plugins import pydantic")
class FindThePluginTest(unittest.TestCase):
    """Without an attribute the SDK finds the plugin each folder shape holds."""

    def test_each_shape_is_found(self):
        for folder, entrypoint, ids in (
                ("dm_mail", ".", ["dm_mail.send", "dm_mail.outbox"]),  # __init__.py fails: its module
                ("dm_calendar", ".", ["dmcal.create_event", "dmcal.get_events"]),  # class re-exported
                ("dm_meeting", ".plugin:RoomsPlugin", ["rooms.book", "rooms.list"]),  # entry_point + class_name
                ("dm_deals", ".", ["deal.create", "deal.list", "ui.board"]),  # class in plugin.py, relative import
                ("dm_check", ".", ["dm_check.remember", "dm_check.recall", "dm_check.refuse", "dm_check.stop"])):
            with self.subTest(folder=folder):
                found, written, _err = described(entrypoint, FORMS / folder, folder)
                self.assertEqual(ids, found)
                self.assertEqual(["dm_calendar.db"] if folder == "dm_calendar" else [], written)

    def test_nothing_found_or_several_classes_exit_3_saying_why(self):
        with tempfile.TemporaryDirectory() as tmp:
            empty = os.path.join(tmp, "empty")
            os.makedirs(empty)
            with open(os.path.join(empty, "__init__.py"), "w") as f:
                f.write("VERSION = 1\n")
            done = run_serve(".", empty, tmp)
            self.assertEqual(3, done.returncode)
            self.assertIn("found no plugin in %s" % empty, done.stderr.splitlines()[-1])
            self.assertIn("__init__.py (nothing)", done.stderr.splitlines()[-1])
            two = os.path.join(tmp, "two")
            os.makedirs(two)
            with open(os.path.join(two, "plugin.py"), "w") as f:
                f.write("from a2ui_integration.core.plugins import BasePlugin\n"
                        "class A(BasePlugin):\n    async def _execute_capability(self, c, p): return {}\n"
                        "class B(A):\n    pass\n")
            done = run_serve(".", two, tmp)
            self.assertEqual(3, done.returncode)
            self.assertIn("several plugin classes (A, B)", done.stderr.splitlines()[-1])


@unittest.skipIf(pydantic is None, "main's plugins import pydantic")
class MailShapeTest(PluginCase):
    plugin_dir = FORMS / "dm_mail"
    plugin_id = "dm_mail"
    entrypoint = "."

    def test_the_object_register_plugin_returns_is_served_with_its_registrations(self):
        caps = {c["id"]: c for c in self.start()["capabilities"]}
        self.assertEqual(10000, caps["dm_mail.send"]["timeoutMs"])
        self.assertTrue(caps["dm_mail.outbox"]["idempotent"])  # a QUERY
        sent = self.call("dm_mail.send", {"to": "ada@example.com", "subject": "Hi"})
        self.assertEqual("sent", sent["output"]["status"], sent)
        self.assertEqual([{"id": sent["output"]["message_id"], "to": "ada@example.com", "subject": "Hi"}],
                         self.call("dm_mail.outbox")["output"]["messages"])


@unittest.skipIf(pydantic is None, "main's plugins import pydantic")
class DealsShapeTest(PluginCase):
    plugin_dir = FORMS / "dm_deals"
    plugin_id = "dm_deals"
    entrypoint = "."

    def test_writes_land_in_the_shared_database_and_ui_answers_become_json(self):
        self.start()
        self.assertEqual({"deal_id": "deal_1", "success": True},
                         self.call("deal.create", {"title": "Initech", "value": 1200})["output"])
        self.assertEqual([{"id": 1, "title": "Initech", "value": 1200.0}],
                         self.call("deal.list")["output"]["deals"])
        operation = self.call("ui.board")["output"]["ui_operations"][0]
        self.assertEqual({"count": 1}, operation["properties"]["component"]["props"])
        self.assertEqual(["Initech"], [c["props"]["title"] for c in operation["properties"]["tree"]["children"]])
        self.assertTrue(os.path.isfile(os.path.join(self.data_dir, "kernel.db")))


@unittest.skipIf(pydantic is None, "main's plugins import pydantic")
class FrameworkShapeTest(PluginCase):
    plugin_dir = FORMS / "dm_check"
    plugin_id = "dm_check"
    entrypoint = "."

    def test_framework_plugins_answer_and_their_errors_keep_their_codes(self):
        self.start()
        self.assertEqual({"success": True, "count": 1}, self.call("dm_check.remember", {"text": "milk"})["output"])
        self.assertEqual(["milk"], self.call("dm_check.recall")["output"]["notes"])
        refused = self.call("dm_check.refuse")["error"]
        self.assertEqual(("VALIDATION", ["/text", "/when"]), (refused["code"], [v["pointer"] for v in refused["violations"]]))
        self.assertEqual("CANCELLED", self.call("dm_check.stop")["error"]["code"])
        health = self.send_control("health")
        self.assertEqual("UP", self.replies(health)[health]["status"])


class DhiiMailModulesTest(unittest.TestCase):
    """The modules of Dhii-Mail that main's plugins import."""

    def test_shared_services_database_and_event_bus(self):
        from a2ui_integration.core.shared_services import Event, EventType, SharedServices
        with tempfile.TemporaryDirectory() as tmp:
            services = SharedServices(os.path.join(tmp, "kernel.db"))
            self.assertFalse(os.path.exists(os.path.join(tmp, "kernel.db")), "made at its first use")
            services.database.set_plugin_data("p", "k", {"a": [1]}, "json")
            services.database.set_plugin_data("p", "n", 7, "integer")
            self.assertEqual(({"a": [1]}, 7, None), (services.database.get_plugin_data("p", "k"),
                                                     services.database.get_plugin_data("p", "n"),
                                                     services.database.get_plugin_data("p", "none")))
            heard = []

            async def subscriber(event):
                heard.append(event.data)

            services.event_bus.subscribe(EventType.EMAIL_SENT, subscriber)
            services.event_bus.subscribe(EventType.EMAIL_SENT, lambda e: 1 / 0)  # logged, skipped
            asyncio.run(services.event_bus.publish(Event("1", EventType.EMAIL_SENT, "p", datetime.now(), {"to": "x"})))
            self.assertEqual([{"to": "x"}], heard)
            self.assertEqual(1, len(services.event_bus.get_event_history(EventType.EMAIL_SENT)))
            self.assertIsNone(services.auth.get_user_by_token("t"))

    def test_framework_exceptions_map_to_codes_with_mains_constructors(self):
        from a2ui_integration.framework import exceptions as e
        self.assertEqual("NOT_FOUND", e.CapabilityNotFoundError("p", "p.x").code)
        self.assertEqual("CONFIGURATION", e.PluginDependencyError("p", ["q"]).code)
        self.assertEqual("INTERNAL", e.PluginExecutionError("boom", "p", "p.x").code)
        invalid = e.PluginValidationError("bad", "p", ["a is wrong"])
        self.assertEqual(("VALIDATION", "bad | Validation errors: a is wrong"), (invalid.code, str(invalid)))
        self.assertEqual("boom | Plugin: p | Capability: p.x", str(e.PluginError("boom", "p", "p.x")))

    def test_calendar_manager_reads_a_plugin_made_table_without_user_id(self):
        from calendar_manager import CalendarEvent, CalendarManager
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "cal.db")
            with sqlite3.connect(path) as conn:
                conn.execute("CREATE TABLE calendar_events (id TEXT PRIMARY KEY, title TEXT, description TEXT, "
                             "start_time TIMESTAMP, end_time TIMESTAMP, location TEXT, attendees TEXT, organizer TEXT, "
                             "status TEXT, created_at TIMESTAMP, updated_at TIMESTAMP)")
            manager = CalendarManager(path)
            start = datetime.now().replace(microsecond=0) + timedelta(hours=1)
            event_id = manager.create_event(CalendarEvent("Review", start, start + timedelta(hours=1), "o@x"), 1)
            self.assertIsNone(manager.create_event(CalendarEvent("Clash", start, start + timedelta(minutes=30)), 1))
            events = manager.get_events(1, start - timedelta(days=1), start + timedelta(days=1))
            self.assertEqual([("Review", start)], [(e.title, e.start_time) for e in events])
            self.assertTrue(manager.update_event(event_id, {"title": "Moved"}))
            self.assertTrue(manager.delete_event(event_id))
            self.assertEqual([], manager.get_events(1, start - timedelta(days=1), start + timedelta(days=1)))


if __name__ == "__main__":
    unittest.main()
