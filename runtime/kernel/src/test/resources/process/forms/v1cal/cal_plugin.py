"""A v1 DomainModule in Dhii-Mail master's shape: it keeps its events in a SQLite file in its working
directory and reports null members where its output schema says string."""

import asyncio
import sqlite3
import uuid

from a2ui_integration.core.types import Capability, DomainModule

STATUS = {"type": "object", "properties": {"success": {"type": "boolean"}, "event_id": {"type": "string"},
                                           "error": {"type": "string"}}}


class CalPlugin(DomainModule):

    def __init__(self):
        self.db = "cal_plugin.db"  # relative: v1 plugins write into their working directory
        with sqlite3.connect(self.db) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, title TEXT)")

    @property
    def domain(self):
        return "cal"

    @property
    def capabilities(self):
        return [
            Capability(id="cal.create_event", domain="cal", name="Create", description="Creates an event",
                       input_schema={"type": "object", "properties": {"title": {"type": "string"}},
                                     "required": ["title"]},
                       output_schema=STATUS, side_effects=["writes events"]),
            Capability(id="cal.get_event", domain="cal", name="Get", description="Reads an event",
                       input_schema={"type": "object", "properties": {"event_id": {"type": "string"}},
                                     "required": ["event_id"]},
                       output_schema={"type": "object", "properties": {
                           "success": {"type": "boolean"}, "error": {"type": "string"},
                           "event": {"type": "object", "properties": {"title": {"type": "string"}}}}},
                       side_effects=[]),
            Capability(id="cal.count", domain="cal", name="Count", description="Breaks its own schema",
                       input_schema={"type": "object"},
                       output_schema={"type": "object", "properties": {"count": {"type": "integer"}}},
                       side_effects=[]),
        ]

    async def initialize(self):
        return True

    async def shutdown(self):
        return True

    async def execute_capability(self, capability_id, params):
        await asyncio.sleep(0)
        if capability_id == "cal.create_event":
            event_id = uuid.uuid4().hex
            with sqlite3.connect(self.db) as conn:
                conn.execute("INSERT INTO events VALUES (?, ?)", (event_id, params["title"]))
            return {"success": True, "event_id": event_id, "error": None}
        if capability_id == "cal.get_event":
            with sqlite3.connect(self.db) as conn:
                row = conn.execute("SELECT title FROM events WHERE id = ?", (params["event_id"],)).fetchone()
            if row is None:
                return {"success": False, "event": None, "error": "no such event"}
            return {"success": True, "event": {"title": row[0], "location": None}, "error": None}
        if capability_id == "cal.count":
            return {"count": "many"}
        raise ValueError("Unknown capability: %s" % capability_id)
