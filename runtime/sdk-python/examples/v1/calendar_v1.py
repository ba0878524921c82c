"""A v1 DomainModule in the style of Dhii-Mail master's calendar plugin: its constructor takes no
argument and opens a SQLite file in the working directory; results carry "error": null and
"event_id": null where their schemas say string.

- v1cal.create_event {title, start} -> {success: true, event_id, error: null}
- v1cal.list_events {} -> {success: true, events: [{event_id, title, start}], error: null}
- v1cal.delete_event {event_id} -> {success: true, event_id: null, error: null}
  ({success: false, error: "event <id> not found"} when there is none)
- v1cal.count {} -> {success: true, count: "<n>"}: breaks its own schema (count is an integer there)
"""

import sqlite3
import uuid
from typing import Any, Dict, List

from a2ui_integration.core.types import Capability, DomainModule

STRING_OR_ERROR = {"type": "object", "properties": {"success": {"type": "boolean"}, "error": {"type": "string"},
                                                     "event_id": {"type": "string"}}}


class CalendarModule(DomainModule):

    def __init__(self, db_path: str = "v1_calendar.db"):
        self.db_path = db_path
        with sqlite3.connect(self.db_path) as conn:  # v1 constructors write into the working directory
            conn.execute("CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, title TEXT, start TEXT)")
        self._caps = [
            Capability(id="v1cal.create_event", domain="calendar", name="Create event",
                       description="Creates an event",
                       input_schema={"type": "object", "properties": {"title": {"type": "string"},
                                                                      "start": {"type": "string"}},
                                     "required": ["title"]},
                       output_schema=STRING_OR_ERROR, side_effects=["write"], requires_auth=False),
            Capability(id="v1cal.list_events", domain="calendar", name="List events", description="Lists events",
                       input_schema={"type": "object"},
                       output_schema={"type": "object", "properties": {"success": {"type": "boolean"},
                                                                       "events": {"type": "array"},
                                                                       "error": {"type": "string"}}},
                       side_effects=[]),
            Capability(id="v1cal.delete_event", domain="calendar", name="Delete event", description="Deletes an event",
                       input_schema={"type": "object", "properties": {"event_id": {"type": "string"}},
                                     "required": ["event_id"]},
                       output_schema=STRING_OR_ERROR, side_effects=["write"]),
            Capability(id="v1cal.count", domain="calendar", name="Count", description="Counts events",
                       input_schema={"type": "object"},
                       output_schema={"type": "object", "properties": {"count": {"type": "integer"}}}),
        ]

    @property
    def domain(self) -> str:
        return "calendar"

    @property
    def capabilities(self) -> List[Capability]:
        return self._caps

    async def initialize(self) -> bool:
        return True

    async def shutdown(self) -> bool:
        return True

    async def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        with sqlite3.connect(self.db_path) as conn:
            if capability_id == "v1cal.create_event":
                event_id = uuid.uuid4().hex
                conn.execute("INSERT INTO events VALUES (?, ?, ?)", (event_id, params["title"], params.get("start")))
                return {"success": True, "event_id": event_id, "error": None}
            if capability_id == "v1cal.list_events":
                rows = conn.execute("SELECT id, title, start FROM events ORDER BY rowid").fetchall()
                return {"success": True, "events": [{"event_id": r[0], "title": r[1], "start": r[2]} for r in rows],
                        "error": None}
            if capability_id == "v1cal.delete_event":
                deleted = conn.execute("DELETE FROM events WHERE id = ?", (params["event_id"],)).rowcount
                if not deleted:
                    return {"success": False, "error": "event %s not found" % params["event_id"]}
                return {"success": True, "event_id": None, "error": None}
            if capability_id == "v1cal.count":
                (n,) = conn.execute("SELECT COUNT(*) FROM events").fetchone()
                return {"success": True, "count": str(n)}
        raise ValueError(f"Unknown capability: {capability_id}")
