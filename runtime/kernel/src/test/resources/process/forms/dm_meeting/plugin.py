"""A BasePlugin that announces its bookings on the shared event bus and counts what it hears."""

import uuid
from datetime import datetime
from typing import Any, Dict, Optional

from a2ui_integration.core.plugins import BasePlugin
from a2ui_integration.core.shared_services import Event, EventType, get_shared_services
from a2ui_integration.core.types import Capability, PluginType


class RoomsPlugin(BasePlugin):

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        super().__init__(plugin_id="rooms", name="Rooms", version="2.0.0", description="Room bookings",
                         plugin_type=PluginType.CUSTOM)
        self.config = config or {}
        self.bookings = []
        self.heard = 0
        self.shared_services = get_shared_services()

    def _register_capabilities(self):
        self.add_capability(Capability(
            id="rooms.book", domain="rooms", name="Book", description="Book a room",
            input_schema={"type": "object", "properties": {"room": {"type": "string", "minLength": 1}},
                          "required": ["room"]},
            output_schema={"type": "object", "properties": {"booking_id": {"type": "string"}}},
            side_effects=["write"], requires_auth=False, timeout_seconds=10))
        self.add_capability(Capability(
            id="rooms.list", domain="rooms", name="List", description="Bookings",
            input_schema={"type": "object"}, output_schema={"type": "object"}, side_effects=["read"]))

    async def _initialize_plugin(self):
        self.shared_services.event_bus.subscribe(EventType.MEETING_CREATED, self._heard)

    async def _heard(self, event):
        self.heard += 1

    async def _execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        if capability_id == "rooms.book":
            booking = {"id": "bk_%s" % uuid.uuid4().hex[:8], "room": params["room"], "at": datetime.now()}
            self.bookings.append(booking)
            await self.shared_services.event_bus.publish(Event(
                id=booking["id"], type=EventType.MEETING_CREATED, source=self.plugin_id, timestamp=datetime.now(),
                data={"room": booking["room"]}))
            return {"booking_id": booking["id"]}
        if capability_id == "rooms.list":
            return {"bookings": self.bookings, "heard": self.heard}
        raise ValueError("Unknown capability: %s" % capability_id)


def register(kernel_api: Dict[str, Any]) -> RoomsPlugin:
    plugin = RoomsPlugin()
    plugin.initialize(kernel_api)
    return plugin
