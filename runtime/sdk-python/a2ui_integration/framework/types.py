"""a2ui_integration.framework.types: main's framework types. PluginType, CapabilityType,
PluginCapability, PluginManifest and ExecutionContext are the contract's own (see
a2ui_integration.core.plugin_contract); HealthStatus is main's enum (a plugin's health_check may
return it: healthy and degraded are UP, unhealthy DOWN); PluginHealth, PluginLoadResult and
CapabilityExecutionResult are main's result records."""

from datetime import datetime
from enum import Enum
from typing import Any, Dict, Optional

from a2ui_integration.core.plugin_contract import (  # noqa: F401 - re-exported
    CapabilityType, ExecutionContext, PluginCapability, PluginManifest, PluginType)

__all__ = ["HealthStatus", "PluginType", "CapabilityType", "PluginCapability", "PluginManifest",
           "ExecutionContext", "PluginHealth", "PluginLoadResult", "CapabilityExecutionResult"]


class HealthStatus(str, Enum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNHEALTHY = "unhealthy"
    UNKNOWN = "unknown"


try:
    from pydantic import BaseModel, Field

    class PluginHealth(BaseModel):
        plugin_id: str
        status: HealthStatus
        last_check: datetime = Field(default_factory=datetime.now)
        message: Optional[str] = None
        capabilities: Dict[str, HealthStatus] = Field(default_factory=dict)

    class PluginLoadResult(BaseModel):
        plugin_id: str
        success: bool
        manifest: Optional[Any] = None
        error: Optional[str] = None
        load_time: float

    class CapabilityExecutionResult(BaseModel):
        plugin_id: str
        capability_id: str
        request_id: str
        success: bool
        result: Optional[Any] = None
        error: Optional[str] = None
        execution_time: float
        start_time: datetime
        end_time: datetime

except ImportError:  # pragma: no cover - these records need pydantic, as in Dhii-Mail
    PluginHealth = PluginLoadResult = CapabilityExecutionResult = None
