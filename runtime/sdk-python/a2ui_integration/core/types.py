"""The v1 plugin contract of Dhii-Mail (DomainModule, Capability and the plugin enums and config),
for running v1 plugins unchanged through dhii_plugin.legacy, and the A2UI types main's plugins build
their UI answers from (AdjacencyOperation, A2UIComponent). Standard library only, except
A2UIComponent, which is a pydantic model when pydantic is installed.

Capability also takes main's extra keywords (timeout_seconds, rate_limit): announced as the
capability's default deadline and rate limit.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, List, Optional

__all__ = ["PluginType", "PluginStatus", "Capability", "PluginConfig", "DomainModule", "AdjacencyOperation",
           "A2UIComponent"]


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
    timeout_seconds: Optional[float] = None
    rate_limit: Optional[int] = None


@dataclass
class AdjacencyOperation:
    """One operation on the A2UI adjacency list ("insert", "update", "delete", "replace")."""
    operation: str
    node_id: str
    node_type: str
    parent_id: Optional[str] = None
    properties: Dict[str, Any] = None
    position: Optional[int] = None


try:
    from pydantic import BaseModel as _BaseModel, ConfigDict as _ConfigDict

    class A2UIComponent(_BaseModel):
        """A node of an A2UI component tree; other keywords (e.g. props) are kept."""
        model_config = _ConfigDict(extra="allow")

        id: str
        type: str
        properties: Dict[str, Any] = {}
        children: List["A2UIComponent"] = []
        parent_id: Optional[str] = None

except ImportError:  # pragma: no cover - without pydantic: a plain class with the same constructor
    class A2UIComponent:
        """A node of an A2UI component tree; other keywords (e.g. props) are kept."""

        def __init__(self, id, type, properties=None, children=None, parent_id=None, **extra):
            self.id, self.type, self.parent_id = id, type, parent_id
            self.properties = dict(properties or {})
            self.children = list(children or [])
            self.__dict__.update(extra)


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
