"""Dhii-Mail main's Plugin Framework 2.0 package (a2ui_integration.framework), for plugins written
against it: ``contract`` is a2ui_integration.core.plugin_contract under this name (the same shapes),
``types`` adds main's pydantic result types, ``exceptions`` main's framework exceptions (each mapped
to the runtime's error code), ``telemetry`` main's instrumentation decorators (they only time and log
here: the runtime traces every call itself)."""

from .contract import ExecutionContext, PluginInterface
from .exceptions import PluginError, PluginExecutionError, PluginValidationError
from .types import CapabilityType, HealthStatus, PluginCapability, PluginType

__all__ = ["PluginInterface", "ExecutionContext", "PluginCapability", "HealthStatus", "PluginType",
           "CapabilityType", "PluginError", "PluginValidationError", "PluginExecutionError"]
