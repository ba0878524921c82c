"""a2ui_integration.framework.exceptions: main's framework exceptions, with main's constructors, each
a subclass of the contract's exception (a2ui_integration.core.exceptions) of the same meaning, so
raising one fails the call with the runtime's code:

PluginValidationError -> VALIDATION (its validation_errors become the violations), CapabilityNotFoundError
and PluginNotFoundError -> NOT_FOUND, PluginDependencyError, PluginLoadError and PluginSandboxError ->
CONFIGURATION, every other -> INTERNAL.
"""

from typing import Any, Dict, Optional

from a2ui_integration.core import exceptions as _core

__all__ = ["PluginError", "PluginValidationError", "PluginLoadError", "PluginExecutionError", "PluginNotFoundError",
           "CapabilityNotFoundError", "PluginDependencyError", "PluginSandboxError", "PluginHealthError"]


class _Main:
    """main's constructor and str(): message | Plugin: id | Capability: id | Details: {...}."""

    def _init_main(self, base, message, plugin_id=None, capability_id=None, details=None, **kwargs):
        self.plugin_id = plugin_id
        self.capability_id = capability_id
        self.message = message
        base.__init__(self, message, **kwargs)
        self.details = details or {}

    def __str__(self):
        parts = [self.message]
        if self.plugin_id:
            parts.append("Plugin: %s" % self.plugin_id)
        if self.capability_id:
            parts.append("Capability: %s" % self.capability_id)
        if self.details:
            parts.append("Details: %s" % (self.details,))
        return " | ".join(parts)


class PluginError(_Main, _core.PluginError):
    def __init__(self, message: str, plugin_id: Optional[str] = None, capability_id: Optional[str] = None,
                 details: Optional[Dict[str, Any]] = None):
        self._init_main(_core.PluginError, message, plugin_id, capability_id, details)


class PluginValidationError(_Main, _core.PluginValidationError):
    def __init__(self, message: str, plugin_id: str = None, validation_errors: list = None):
        self.validation_errors = list(validation_errors or [])
        self._init_main(_core.PluginValidationError, message, plugin_id,
                        violations=[{"pointer": "", "message": str(e)} for e in self.validation_errors])

    def __str__(self):
        return "%s | Validation errors: %s" % (self.message, "; ".join(str(e) for e in self.validation_errors))


class PluginLoadError(_Main, _core.PluginConfigurationError):
    def __init__(self, message: str, plugin_id: str = None, load_error: Optional[str] = None):
        self.load_error = load_error
        self._init_main(_core.PluginConfigurationError, message, plugin_id)


class PluginExecutionError(_Main, _core.PluginError):
    def __init__(self, message: str, plugin_id: str = None, capability_id: str = None,
                 execution_error: Optional[str] = None):
        self.execution_error = execution_error
        self._init_main(_core.PluginError, message, plugin_id, capability_id)


class PluginNotFoundError(_Main, _core.CapabilityNotFoundError):
    def __init__(self, plugin_id: str):
        self._init_main(_core.CapabilityNotFoundError, "Plugin '%s' not found" % plugin_id, plugin_id)


class CapabilityNotFoundError(_Main, _core.CapabilityNotFoundError):
    def __init__(self, plugin_id: str, capability_id: str):
        self._init_main(_core.CapabilityNotFoundError, "Capability '%s' not found in plugin '%s'" % (
            capability_id, plugin_id), plugin_id, capability_id)


class PluginDependencyError(_Main, _core.PluginConfigurationError):
    def __init__(self, plugin_id: str, missing_dependencies: list):
        self.missing_dependencies = list(missing_dependencies)
        self._init_main(_core.PluginConfigurationError, "Missing dependencies for plugin '%s': %s" % (
            plugin_id, ", ".join(map(str, missing_dependencies))), plugin_id)


class PluginSandboxError(_Main, _core.PluginConfigurationError):
    def __init__(self, message: str, plugin_id: str = None, sandbox_error: Optional[str] = None):
        self.sandbox_error = sandbox_error
        self._init_main(_core.PluginConfigurationError, message, plugin_id)


class PluginHealthError(_Main, _core.PluginError):
    def __init__(self, message: str, plugin_id: str = None, health_status: Optional[str] = None):
        self.health_status = health_status
        self._init_main(_core.PluginError, message, plugin_id)
