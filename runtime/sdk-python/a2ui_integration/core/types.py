"""The v1 plugin contract of Dhii-Mail (DomainModule, Capability and the plugin enums and config),
standard library only, for running v1 plugins unchanged through dhii_plugin.legacy."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, List

__all__ = ["PluginType", "PluginStatus", "Capability", "PluginConfig", "DomainModule"]


class PluginType(Enum):
    """What a plugin is about."""
    EMAIL = "email"
    CALENDAR = "calendar"
    TASKS = "tasks"
    CRM = "crm"
    MARKETING = "marketing"
    ANALYTICS = "analytics"
    CUSTOM = "custom"


class PluginStatus(Enum):
    """Where a plugin is in its lifecycle."""
    INSTALLED = "installed"
    ENABLED = "enabled"
    DISABLED = "disabled"
    ERROR = "error"


@dataclass
class Capability:
    """One capability of a v1 plugin, with the JSON Schemas of its input and output."""
    id: str
    domain: str
    name: str
    description: str
    input_schema: Dict[str, Any]
    output_schema: Dict[str, Any]
    side_effects: List[str] = field(default_factory=list)
    requires_auth: bool = False


@dataclass
class PluginConfig:
    """A v1 plugin's registration record."""
    id: str
    name: str
    version: str = "0.0.0"
    description: str = ""
    type: PluginType = PluginType.CUSTOM
    author: str = ""
    enabled: bool = False
    config: Dict[str, Any] = field(default_factory=dict)
    capabilities: List[Capability] = field(default_factory=list)
    dependencies: List[str] = field(default_factory=list)


class DomainModule(ABC):
    """A v1 plugin: a domain and its capabilities, with async lifecycle and execution."""

    @property
    @abstractmethod
    def domain(self) -> str:
        """The domain this module handles (e.g. "email")."""

    @property
    @abstractmethod
    def capabilities(self) -> List[Capability]:
        """The capabilities this module provides."""

    @abstractmethod
    async def initialize(self) -> bool:
        """Prepares the module; False means it cannot serve."""

    @abstractmethod
    async def shutdown(self) -> bool:
        """Releases what initialize() took."""

    @abstractmethod
    async def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        """Runs one capability with its input; v1 reports failures as {"success": False, "error": ...}."""
