"""A PluginInterface whose manifest is made in initialize(kernel_api); register_plugin(kernel_api)
registers each capability with the plugin's execute_capability and returns the plugin."""

import email.utils
import itertools
from typing import Any, Dict

from a2ui_integration.core.plugin_contract import (
    CapabilityType, PluginCapability, PluginInterface, PluginManifest, PluginType)

_ids = itertools.count(1)


class OutboxPlugin(PluginInterface):

    def __init__(self):
        self._manifest = None
        self._kernel_api = None
        self.sent = []

    @property
    def manifest(self) -> PluginManifest:
        return self._manifest

    def initialize(self, kernel_api: Dict[str, Any]) -> None:
        self._kernel_api = kernel_api
        self._manifest = PluginManifest(
            id="dm_mail", name="Outbox", version="2.0.0", plugin_type=PluginType.INTEGRATION, author="tests",
            description="Queues messages",
            capabilities=[
                PluginCapability(id="dm_mail.send", name="Send", description="Queue a message",
                                 capability_type=CapabilityType.ACTION,
                                 input_schema={"type": "object", "properties": {"to": {"type": "string"},
                                                                                "subject": {"type": "string"}},
                                               "required": ["to", "subject"]},
                                 output_schema={"type": "object", "properties": {"status": {"type": "string"},
                                                                                 "message_id": {"type": "string"},
                                                                                 "error": {"type": "string"}}},
                                 timeout_seconds=10),
                PluginCapability(id="dm_mail.outbox", name="Outbox", description="Queued messages",
                                 capability_type=CapabilityType.QUERY),
            ])

    def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Any:
        if capability_id == "dm_mail.send":
            message_id = "msg_%d" % next(_ids)
            self.sent.append({"id": message_id, "to": email.utils.parseaddr(params["to"])[1],
                              "subject": params["subject"]})
            self._kernel_api["log"]("queued %s" % message_id)
            return {"status": "sent", "message_id": message_id, "error": None}
        if capability_id == "dm_mail.outbox":
            return {"messages": list(self.sent)}
        raise ValueError("Unknown capability: %s" % capability_id)


def register_plugin(kernel_api: Dict[str, Any]) -> PluginInterface:
    plugin = OutboxPlugin()
    plugin.initialize(kernel_api)
    for capability in plugin.manifest.capabilities:
        kernel_api["register_capability"](capability.id, capability, plugin.execute_capability)
    return plugin
