"""A plugin written against Dhii-Mail main's a2ui_integration.framework (in the shape of its
plugins/test_plugin: no __init__.py, register(kernel_api) returning the plugin)."""

from typing import Any, Dict

from a2ui_integration.core.exceptions import PluginValidationError
from a2ui_integration.framework.contract import PluginCapability, PluginInterface, PluginManifest
from a2ui_integration.framework.types import CapabilityType, HealthStatus, PluginType
from dhii_plugin import PluginError


class CheckPlugin(PluginInterface):

    def __init__(self):
        self.notes = []
        self._manifest = PluginManifest(
            id="dm_check", name="Check", version="1.0.0", plugin_type=PluginType.INTEGRATION, author="tests",
            description="Notes",
            capabilities=[
                PluginCapability(id="dm_check.remember", name="Remember", description="Keep a note",
                                 capability_type=CapabilityType.ACTION),
                PluginCapability(id="dm_check.recall", name="Recall", description="The notes",
                                 capability_type=CapabilityType.QUERY),
                PluginCapability(id="dm_check.refuse", name="Refuse", description="Always invalid",
                                 capability_type=CapabilityType.ACTION),
                PluginCapability(id="dm_check.stop", name="Stop", description="Always cancelled",
                                 capability_type=CapabilityType.ACTION),
            ])

    @property
    def manifest(self) -> PluginManifest:
        return self._manifest

    def initialize(self, kernel_api: Dict[str, Any]) -> None:
        self.kernel_api = kernel_api
        for capability in self._manifest.capabilities:
            kernel_api["register_capability"](capability.id, capability, self._execute_capability)

    def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Any:
        return self._execute_capability(capability_id, params)

    def _execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Any:
        if capability_id == "dm_check.remember":
            self.notes.append(params.get("text", ""))
            return {"success": True, "count": len(self.notes)}
        if capability_id == "dm_check.recall":
            return {"notes": list(self.notes)}
        if capability_id == "dm_check.refuse":
            raise PluginValidationError("text is not allowed", violations=[
                {"pointer": "/text", "message": "must not be given"}, {"pointer": "/when", "message": "is required"}])
        if capability_id == "dm_check.stop":
            raise PluginError("CANCELLED", "the plugin stopped this call", True)
        raise ValueError("Unknown capability: %s" % capability_id)

    def health_check(self):
        return HealthStatus.HEALTHY


def register(kernel_api: Dict[str, Any]) -> CheckPlugin:
    plugin = CheckPlugin()
    plugin.initialize(kernel_api)
    return plugin
