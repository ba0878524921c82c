"""A BasePlugin (Dhii-Mail main's a2ui_integration.core.plugins) subclass.

- counter.increment {by} -> {success: true, value, error: null}
- counter.get {} -> {success: true, value}
"""

from typing import Any, Dict

from a2ui_integration.core.plugins import BasePlugin
from a2ui_integration.core.types import Capability, PluginType


class CounterPlugin(BasePlugin):

    def __init__(self):
        self.value = 0
        super().__init__(plugin_id="counter", name="Counter", version="1.0.0", description="Counts",
                         plugin_type=PluginType.CUSTOM)

    def _register_capabilities(self):
        self.add_capability(Capability(
            id="counter.increment", domain="custom", name="Increment", description="Adds to the counter",
            input_schema={"type": "object", "properties": {"by": {"type": "integer"}}},
            output_schema={"type": "object", "properties": {"value": {"type": "integer"},
                                                            "error": {"type": "string"}}},
            side_effects=["write"]))
        self.add_capability(Capability(
            id="counter.get", domain="custom", name="Get", description="Reads the counter",
            input_schema={"type": "object"},
            output_schema={"type": "object", "properties": {"value": {"type": "integer"}}}, side_effects=[]))

    async def _initialize_plugin(self):
        self.value = 0

    async def _execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        if capability_id == "counter.increment":
            self.value += int(params.get("by", 1))
            return {"success": True, "value": self.value, "error": None}
        if capability_id == "counter.get":
            return {"success": True, "value": self.value}
        raise ValueError(f"Unknown capability: {capability_id}")
