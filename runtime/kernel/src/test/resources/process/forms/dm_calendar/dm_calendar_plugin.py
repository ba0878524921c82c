"""A v1 DomainModule that writes events with sqlite3 and reads them through its service."""

import sqlite3
import uuid
from datetime import datetime, timedelta
from typing import Any, Dict, List

from pydantic import BaseModel

from a2ui_integration.core.types import Capability, DomainModule, PluginConfig, PluginType

from .services.agenda import AgendaService


class NewEvent(BaseModel):
    title: str
    start_time: datetime


class AgendaPlugin(DomainModule):

    def __init__(self, db_path: str = "dm_calendar.db"):
        self.db_path = db_path
        self.agenda = None
        with sqlite3.connect(self.db_path) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS calendar_events (id TEXT PRIMARY KEY, title TEXT NOT NULL, "
                         "description TEXT, start_time TIMESTAMP NOT NULL, end_time TIMESTAMP NOT NULL, location TEXT, "
                         "attendees TEXT, organizer TEXT NOT NULL, status TEXT DEFAULT 'confirmed', "
                         "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)")

    @property
    def domain(self) -> str:
        return "calendar"

    @property
    def capabilities(self) -> List[Capability]:
        return [
            Capability(id="dmcal.create_event", domain="calendar", name="Create Event", description="Create an event",
                       input_schema={"type": "object", "properties": {"title": {"type": "string"},
                                                                      "start_time": {"type": "string"}},
                                     "required": ["title", "start_time"]},
                       output_schema={"type": "object", "properties": {"event_id": {"type": "string"},
                                                                       "success": {"type": "boolean"},
                                                                       "error": {"type": "string"}}},
                       side_effects=["event_created"]),
            Capability(id="dmcal.get_events", domain="calendar", name="Get Events", description="This week's events",
                       input_schema={"type": "object"},
                       output_schema={"type": "object", "properties": {"events": {"type": "array"},
                                                                       "count": {"type": "integer"}}},
                       side_effects=[]),
        ]

    async def initialize(self) -> bool:
        self.agenda = AgendaService(self.db_path)
        return True

    async def shutdown(self) -> bool:
        return True

    async def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        if capability_id == "dmcal.create_event":
            event = NewEvent(**params)
            event_id = str(uuid.uuid4())
            with sqlite3.connect(self.db_path) as conn:
                conn.execute("INSERT INTO calendar_events (id, title, start_time, end_time, organizer) "
                             "VALUES (?, ?, ?, ?, ?)", (event_id, event.title, event.start_time,
                                                        event.start_time + timedelta(hours=1), "organizer@example.com"))
            return {"event_id": event_id, "success": True, "error": None}
        if capability_id == "dmcal.get_events":
            today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
            events = self.agenda.events(today, today + timedelta(days=7))
            return {"events": events, "count": len(events)}
        raise ValueError("Unknown capability: %s" % capability_id)


AGENDA_CONFIG = PluginConfig(id="dm_calendar", name="Agenda", type=PluginType.CALENDAR)


def register(kernel_api):
    plugin = AgendaPlugin()
    for capability in plugin.capabilities:
        kernel_api.register_capability(capability.id, capability, plugin.execute_capability)
    return plugin
