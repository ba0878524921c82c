"""The plugin contract, in both of the shapes Dhii-Mail's code is written against, from one module:

- Dhii-Mail main's (``PluginCapability(id, name, description, capability_type, input_schema={},
  output_schema={}, requires_auth=False, rate_limit=None, timeout_seconds=30)`` with dict schemas;
  ``PluginInterface`` with ``manifest``, sync ``initialize(kernel_api)``,
  ``execute_capability(capability_id, params)`` and ``shutdown()``; ``PluginManifest``,
  ``PluginAPIInterface``, ``register_plugin``),
- the Plugin Framework 2.0 specification's (``PluginCapability[InModel, OutModel](id=..., name=...,
  description=..., input_model=..., output_model=..., tags=[], requires_auth=True, rate_limit=100)``,
  a pydantic v2 generic model whose schemas come from the models; ``PluginInterface`` with async
  ``on_load(config)``, ``on_ready()``, ``on_unload()``, ``health_check()``, a ``capabilities`` list and
  async ``execute_capability(capability_id, params, context)``; ``ExecutionContext`` with an asyncio
  cancellation token).

PluginCapability takes either set of arguments: the defaults of requires_auth, rate_limit and
timeout_seconds follow the shape (with input_model/output_model: True, 100 RPM, none; else False,
none, 30 s). input_schema/output_schema are the models' ``model_json_schema()`` when a model is given.
PluginInterface requires only execute_capability; every lifecycle method has a default that does
nothing, so a subclass of either shape is complete. ``python -m dhii_plugin serve module:Class``
serves both (see the SDK's README).

pydantic is imported here (PluginCapability is a pydantic model when it is installed); the decorator
API of dhii_plugin never imports this module. Without pydantic, PluginCapability is a plain class with
the same constructor, and models cannot be used.
"""

import asyncio
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Dict, Generic, List, Optional, Type, TypeVar

try:
    import pydantic
    from pydantic import BaseModel, ConfigDict, Field, model_validator
except ImportError:  # pragma: no cover - pydantic is optional for the dict-schema shape
    pydantic = None

__all__ = ["PluginType", "CapabilityType", "PluginCapability", "PluginManifest", "PluginInterface",
           "PluginAPIInterface", "ExecutionContext", "HealthStatus", "register_plugin"]


class PluginType(Enum):
    """What a plugin is (Dhii-Mail main's types)."""
    INTEGRATION = "integration"
    TRANSPORT = "transport"
    INTELLIGENCE = "intelligence"
    UI = "ui"
    PERSISTENCE = "persistence"
    UTILITY = "utility"


class CapabilityType(Enum):
    """What a capability does; QUERY capabilities are announced as idempotent."""
    ACTION = "action"
    QUERY = "query"
    STREAM = "stream"
    TRANSFORM = "transform"
    VALIDATE = "validate"


# main's positional order
_POSITIONAL = ("id", "name", "description", "capability_type", "input_schema", "output_schema", "requires_auth",
               "rate_limit", "timeout_seconds")


def _shape_defaults(args, data):
    """Maps main's positional arguments onto names and fills the shape's defaults."""
    if len(args) > len(_POSITIONAL):
        raise TypeError("PluginCapability takes at most %d positional arguments" % len(_POSITIONAL))
    for name, value in zip(_POSITIONAL, args):
        if name in data:
            raise TypeError("PluginCapability got %r twice" % name)
        data[name] = value
    typed = data.get("input_model") is not None or data.get("output_model") is not None
    data.setdefault("requires_auth", typed)
    data.setdefault("rate_limit", 100 if typed else None)
    data.setdefault("timeout_seconds", None if typed else 30)
    return data


if pydantic is not None:
    T = TypeVar("T", bound=BaseModel)
    U = TypeVar("U", bound=BaseModel)

    class PluginCapability(BaseModel, Generic[T, U]):
        """One capability: its id, metadata and either pydantic models or JSON Schemas."""

        model_config = ConfigDict(arbitrary_types_allowed=True)

        id: str
        name: str = ""
        description: str = ""
        input_model: Optional[Type[T]] = None
        output_model: Optional[Type[U]] = None
        capability_type: Optional[CapabilityType] = None
        input_schema: Dict[str, Any] = Field(default_factory=dict)
        output_schema: Dict[str, Any] = Field(default_factory=dict)
        tags: List[str] = Field(default_factory=list)
        requires_auth: bool = False
        rate_limit: Optional[int] = Field(default=None, ge=0)
        timeout_seconds: Optional[float] = Field(default=None, gt=0)
        idempotent: Optional[bool] = None

        def __init__(self, *args, **data):
            super().__init__(**_shape_defaults(args, data))

        @model_validator(mode="after")
        def _schemas_from_models(self):
            if self.input_model is not None and not self.input_schema:
                self.input_schema = self.input_model.model_json_schema()
            if self.output_model is not None and not self.output_schema:
                self.output_schema = self.output_model.model_json_schema()
            return self

else:  # pragma: no cover
    T = TypeVar("T")
    U = TypeVar("U")

    class PluginCapability(Generic[T, U]):
        """One capability (pydantic is not installed: JSON Schemas only)."""

        def __init__(self, *args, **data):
            data = _shape_defaults(args, data)
            if data.get("input_model") is not None or data.get("output_model") is not None:
                raise RuntimeError("input_model/output_model need pydantic, which is not installed")
            self.id = data.pop("id")
            self.name = data.pop("name", "")
            self.description = data.pop("description", "")
            self.input_model = self.output_model = None
            self.capability_type = data.pop("capability_type", None)
            self.input_schema = data.pop("input_schema", None) or {}
            self.output_schema = data.pop("output_schema", None) or {}
            self.tags = list(data.pop("tags", None) or [])
            self.requires_auth = bool(data.pop("requires_auth"))
            self.rate_limit = data.pop("rate_limit")
            self.timeout_seconds = data.pop("timeout_seconds")
            self.idempotent = data.pop("idempotent", None)
            if data:
                raise TypeError("unexpected PluginCapability arguments: %s" % ", ".join(sorted(data)))

        def __repr__(self):
            return "PluginCapability(id=%r)" % self.id


@dataclass
class PluginManifest:
    """A plugin's metadata (Dhii-Mail main's manifest object)."""
    id: str
    name: str
    version: str
    plugin_type: PluginType
    author: str
    description: str
    capabilities: List[Any]
    dependencies: List[str] = field(default_factory=list)
    sandbox_config: Dict[str, Any] = field(default_factory=dict)

    def validate(self) -> List[str]:
        """:return: what is wrong with the manifest (empty when nothing)"""
        errors = []
        if not self.id or not self.id.replace("_", "").replace("-", "").isalnum():
            errors.append("Plugin ID must be alphanumeric with underscores/dashes only")
        if not self.capabilities:
            errors.append("Plugin must define at least one capability")
        ids = [cap.id for cap in self.capabilities]
        if len(ids) != len(set(ids)):
            errors.append("Capability IDs must be unique")
        errors.extend("Capability %s must start with plugin ID %s" % (i, self.id)
                      for i in ids if not i.startswith(self.id + "."))
        return errors


@dataclass
class ExecutionContext:
    """What a call knows: its request id, caller, time budget (seconds) and cancellation token, an
    asyncio.Event the SDK sets when the caller cancels or the deadline passes."""
    request_id: str
    user_id: Optional[str] = None
    timeout: float = 30.0
    cancellation_token: asyncio.Event = field(default_factory=asyncio.Event)
    traceparent: Optional[str] = None
    capability_id: Optional[str] = None
    deadline: Optional[float] = None  # epoch seconds, None without one

    @property
    def cancelled(self) -> bool:
        """True once the cancellation token is set."""
        return self.cancellation_token.is_set()

    def remaining(self) -> float:
        """Seconds left before the deadline (the timeout when there is none), >= 0."""
        if self.deadline is None:
            return self.timeout
        return max(0.0, self.deadline - time.time())


@dataclass
class HealthStatus:
    """A health report: status "UP", "DEGRADED" or "DOWN", with a message."""
    status: str = "UP"
    message: str = ""
    details: Dict[str, Any] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return self.status != "DOWN"

    @classmethod
    def up(cls, message: str = "") -> "HealthStatus":
        return cls("UP", message)

    @classmethod
    def degraded(cls, message: str) -> "HealthStatus":
        return cls("DEGRADED", message)

    @classmethod
    def down(cls, message: str) -> "HealthStatus":
        return cls("DOWN", message)


class PluginInterface(ABC):
    """The contract plugins implement, in main's shape or the specification's (module docstring).

    Only execute_capability is required. Declare capabilities as a ``capabilities`` list (property or
    attribute), through ``manifest.capabilities``, or by calling kernel_api["register_capability"] in
    initialize().
    """

    # --- lifecycle (the specification's: async, awaited by the SDK in this order) ---
    async def on_load(self, config: Dict[str, Any]) -> None:
        """Receives the manifest's config before the capabilities are announced; raising fails the start."""

    async def on_ready(self) -> None:
        """Called after on_load, before the first call."""

    async def on_unload(self) -> None:
        """Called once when the plugin stops."""

    async def health_check(self) -> HealthStatus:
        """:return: the plugin's health (a HealthStatus, a bool, or {"status", "message"})"""
        return HealthStatus.up()

    # --- lifecycle (main's: sync) ---
    def initialize(self, kernel_api: Dict[str, Any]) -> None:
        """Receives the kernel API (log, error, register_capability, plugin_id, config) before on_load."""

    def shutdown(self) -> None:
        """Called once when the plugin stops, after on_unload."""

    # --- execution ---
    @abstractmethod
    def execute_capability(self, capability_id: str, params: Any, context: Optional[ExecutionContext] = None) -> Any:
        """Runs one capability. params is the input parsed into the capability's input_model when it has
        one, else the input dict; the result is an object (or an output_model instance). May be async.
        main's two-argument form (without context) is accepted too."""


class PluginAPIInterface(ABC):
    """What a plugin may call on the kernel (main's interface; the SDK passes a dict with these keys)."""

    @abstractmethod
    def log(self, message: str, level: str = "info") -> None:
        """Logs a message."""

    @abstractmethod
    def error(self, message: str, error: Optional[Exception] = None) -> None:
        """Logs an error."""

    @abstractmethod
    def register_capability(self, capability_id: str, capability: PluginCapability, handler: Callable) -> None:
        """Registers a capability's handler."""

    @abstractmethod
    def get_plugin_id(self) -> str:
        """:return: the plugin's id"""


def register_plugin(kernel_api: Dict[str, Any]) -> PluginInterface:
    """The registration function's signature: a plugin module defines its own, which creates its
    PluginInterface, initializes it with kernel_api and returns it."""
    raise NotImplementedError("a plugin module defines its own register_plugin(kernel_api)")
