"""a2ui_integration.framework.contract: the plugin contract, the same module as
a2ui_integration.core.plugin_contract (PluginInterface, PluginManifest, PluginCapability, PluginType,
CapabilityType, ExecutionContext, PluginAPIInterface)."""

from a2ui_integration.core.plugin_contract import (  # noqa: F401 - re-exported
    CapabilityType, ExecutionContext, PluginAPIInterface, PluginCapability, PluginInterface, PluginManifest,
    PluginType, register_plugin)

__all__ = ["PluginType", "CapabilityType", "PluginCapability", "PluginManifest", "ExecutionContext",
           "PluginInterface", "PluginAPIInterface", "register_plugin"]
