"""Dhii-Mail main's PluginInterface shape: a manifest property, initialize(kernel_api), sync execute."""

from a2ui_integration.core.plugin_contract import (CapabilityType, PluginCapability, PluginInterface,
                                                   PluginManifest, PluginType)


class CounterPlugin(PluginInterface):

    def __init__(self):
        self.count = 0

    @property
    def manifest(self):
        return PluginManifest(
            id="mainiface", name="Counter", version="1.0.0", plugin_type=PluginType.UTILITY, author="tests",
            description="Counts",
            capabilities=[
                PluginCapability(id="mainiface.increment", name="Increment", description="Adds one",
                                 capability_type=CapabilityType.ACTION,
                                 input_schema={"type": "object"},
                                 output_schema={"type": "object", "properties": {"count": {"type": "integer"}}}),
                PluginCapability(id="mainiface.get", name="Get", description="Reads",
                                 capability_type=CapabilityType.QUERY,
                                 input_schema={"type": "object"},
                                 output_schema={"type": "object", "properties": {"count": {"type": "integer"}}}),
            ])

    def initialize(self, kernel_api):
        self.count = 0

    def execute_capability(self, capability_id, params):
        if capability_id == "mainiface.increment":
            self.count += 1
        return {"count": self.count}

    def shutdown(self):
        pass
