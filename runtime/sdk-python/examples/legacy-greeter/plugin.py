"""A Dhii-Mail v1 plugin, written against v1's contract and run unchanged as a process plugin.

Config: "failInit": true makes initialize() return False; "shutdownMarker": a file path that
shutdown() writes.
"""

import asyncio
import socket
from typing import Any, Dict, List

from a2ui_integration.core.types import Capability, DomainModule

from dhii_plugin import legacy, plugin_config

OBJECT = {"type": "object"}


def notify_started(params):
    """Tells a test that the call is running: connects to 127.0.0.1:params["notifyPort"] when given."""
    port = params.get("notifyPort") if isinstance(params, dict) else None
    if port:
        socket.create_connection(("127.0.0.1", int(port)), timeout=5).close()


class GreeterModule(DomainModule):

    def __init__(self, config):
        self.config = config
        self.ready = False
        self._capabilities = [
            Capability(id="greeter.greet", domain="greeter", name="Greet", description="Greets someone by name",
                       input_schema={"type": "object", "properties": {"name": {"type": "string"}},
                                     "required": ["name"]},
                       output_schema={"type": "object", "properties": {"success": {"type": "boolean"},
                                                                       "greeting": {"type": "string"}}},
                       side_effects=[], requires_auth=True),
            Capability(id="greeter.fail", domain="greeter", name="Fail", description="Reports a v1 failure",
                       input_schema=OBJECT, output_schema=OBJECT, side_effects=[]),
            Capability(id="greeter.crash", domain="greeter", name="Crash", description="Raises",
                       input_schema=OBJECT, output_schema=OBJECT, side_effects=[]),
            Capability(id="greeter.wait", domain="greeter", name="Wait", description="Sleeps seconds",
                       input_schema=OBJECT, output_schema=OBJECT, side_effects=[]),
            Capability(id="greeter.ghost", domain="greeter", name="Ghost",
                       description="Declared but not handled by execute_capability",
                       input_schema=OBJECT, output_schema=OBJECT, side_effects=[]),
        ]

    @property
    def domain(self) -> str:
        return "greeter"

    @property
    def capabilities(self) -> List[Capability]:
        return self._capabilities

    async def initialize(self) -> bool:
        self.ready = not self.config.get("failInit", False)
        return self.ready

    async def shutdown(self) -> bool:
        marker = self.config.get("shutdownMarker")
        if marker:
            with open(marker, "w", encoding="utf-8") as f:
                f.write("shut down\n")
        return True

    async def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        if capability_id == "greeter.greet":
            return {"success": True, "greeting": "Hello, %s!" % params["name"]}
        if capability_id == "greeter.fail":
            return {"success": False, "error": "mailbox is full"}
        if capability_id == "greeter.crash":
            raise RuntimeError("v1 bug")
        if capability_id == "greeter.wait":
            notify_started(params)
            await asyncio.sleep(params.get("seconds", 0))
            return {"success": True}
        raise ValueError(f"Unknown capability: {capability_id}")


if __name__ == "__main__":
    legacy.run(GreeterModule(plugin_config()))
