"""A PluginInterface in Dhii-Mail main's shape: a PluginManifest of dict-schema PluginCapability
objects, a sync initialize(kernel_api) that registers one handler with
register_capability(id, capability, handler), and a sync execute_capability(id, params) for the rest.

- main_demo.connect {service} -> {success: true, message, connection_id} (the registered handler)
- main_demo.status {} -> {status: "connected", healthy: true, calls} (execute_capability)
- main_demo.fail {} -> raises ValueError (INTERNAL)
- main_demo.echo {...} -> {echo: params} (registered in initialize only, with a dict as its capability)
"""

from typing import Any, Dict

from a2ui_integration.core.plugin_contract import (CapabilityType, PluginCapability, PluginInterface,
                                                   PluginManifest, PluginType)


class DemoPlugin(PluginInterface):

    def __init__(self):
        self.calls = 0
        self.kernel_api = None
        self._manifest = PluginManifest(
            id="main_demo", name="Main demo", version="1.0.0", plugin_type=PluginType.INTEGRATION,
            author="Dhii", description="Dhii-Mail main's plugin shape",
            capabilities=[
                PluginCapability(id="main_demo.connect", name="Connect", description="Connects to a service",
                                 capability_type=CapabilityType.ACTION,
                                 input_schema={"type": "object", "properties": {"service": {"type": "string"}}},
                                 output_schema={"type": "object", "properties": {"success": {"type": "boolean"}}},
                                 requires_auth=False),
                PluginCapability("main_demo.status", "Status", "Reports the connection", CapabilityType.QUERY),
                PluginCapability("main_demo.fail", "Fail", "Raises", CapabilityType.ACTION, rate_limit=10,
                                 timeout_seconds=5),
            ])

    @property
    def manifest(self) -> PluginManifest:
        return self._manifest

    def initialize(self, kernel_api: Dict[str, Any]) -> None:
        self.kernel_api = kernel_api
        connect = self._manifest.capabilities[0]
        kernel_api["register_capability"](connect.id, connect, self._execute_capability)
        # a capability the manifest does not list, registered with a dict and a one-argument handler
        kernel_api["register_capability"]("main_demo.echo", {"name": "Echo", "description": "Echoes params",
                                                            "input_schema": {"type": "object"}},
                                          lambda params: {"echo": params})
        kernel_api["log"]("main demo initialized", "info")

    def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Any:
        return self._execute_capability(capability_id, params)

    def _execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Any:
        self.calls += 1
        if capability_id == "main_demo.connect":
            return {"success": True, "message": "Connected to %s" % params.get("service", "service"),
                    "connection_id": "conn_%d" % self.calls}
        if capability_id == "main_demo.status":
            return {"status": "connected", "healthy": True, "calls": self.calls}
        if capability_id == "main_demo.fail":
            raise ValueError("the demo fails")
        raise ValueError(f"Unknown capability: {capability_id}")


def register(kernel_api: Dict[str, Any]) -> DemoPlugin:
    plugin = DemoPlugin()
    plugin.initialize(kernel_api)
    return plugin
