"""Dhii-Mail main's BasePlugin: a v1 DomainModule whose subclasses declare their capabilities in
_register_capabilities() and implement _initialize_plugin(), _shutdown_plugin() and
_execute_capability(). Served as a v1 plugin (``python -m dhii_plugin serve module:Class``).

As Dhii-Mail's own, it publishes plugin_enabled / plugin_disabled / capability_executed / plugin_error
events on the process's shared-services bus (a2ui_integration.core.shared_services) and has
``self.shared_services``.
"""

import logging
from abc import abstractmethod
from datetime import datetime
from typing import Any, Dict, List

from .shared_services import Event, EventType, get_shared_services
from .types import Capability, DomainModule, PluginConfig, PluginStatus, PluginType

__all__ = ["BasePlugin", "Capability", "PluginConfig", "PluginStatus", "PluginType"]

logger = logging.getLogger(__name__)


class BasePlugin(DomainModule):
    """The base of main's plugins: a domain (the plugin type's value) and the capabilities it adds."""

    def __init__(self, plugin_id: str, name: str, version: str, description: str, plugin_type: PluginType):
        self.plugin_id = plugin_id
        self.name = name
        self.version = version
        self.description = description
        self.plugin_type = plugin_type
        self._capabilities: List[Capability] = []
        self._initialized = False
        self.shared_services = get_shared_services()
        self._register_capabilities()

    @property
    def domain(self) -> str:
        """The plugin type's value (e.g. "email")."""
        return self.plugin_type.value if isinstance(self.plugin_type, PluginType) else str(self.plugin_type)

    @property
    def capabilities(self) -> List[Capability]:
        return self._capabilities

    def _register_capabilities(self):
        """Declares the capabilities with add_capability(); override in subclasses."""

    def add_capability(self, capability: Capability):
        """Adds one capability."""
        self._capabilities.append(capability)

    async def _publish(self, kind, **data):
        await self.shared_services.event_bus.publish(Event(
            id="%s_%s_%s" % (kind.value, self.plugin_id, datetime.now().isoformat()), type=kind,
            source=self.plugin_id, timestamp=datetime.now(), data=data))

    def initialize(self, kernel_api: Dict[str, Any] = None):
        """Awaitable: runs _initialize_plugin() and yields True, or False (with the failure logged) when it
        raises. kernel_api, which some of main's register() functions pass (without awaiting the
        result: the SDK initializes the plugin they return), is kept as ``self.kernel_api``."""
        if kernel_api is not None:
            self.kernel_api = kernel_api
        return _Deferred(self._initialize)

    async def _initialize(self) -> bool:
        try:
            await self._initialize_plugin()
        except Exception as e:
            logger.exception("plugin %s failed to initialize", self.plugin_id)
            await self._publish(EventType.PLUGIN_ERROR, error=str(e), error_type=type(e).__name__,
                                context="initialization")
            return False
        self._initialized = True
        await self._publish(EventType.PLUGIN_ENABLED, plugin_id=self.plugin_id, plugin_name=self.name)
        logger.info("plugin %s initialized", self.plugin_id)
        return True

    async def shutdown(self) -> bool:
        """Runs _shutdown_plugin(); False (with the failure logged) when it raises."""
        try:
            await self._shutdown_plugin()
        except Exception:
            logger.exception("plugin %s failed to shut down", self.plugin_id)
            return False
        self._initialized = False
        await self._publish(EventType.PLUGIN_DISABLED, plugin_id=self.plugin_id, plugin_name=self.name)
        return True

    async def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        """Checks the plugin is initialized and has the capability, then runs _execute_capability()."""
        if not self._initialized:
            raise RuntimeError(f"Plugin {self.plugin_id} not initialized")
        if not any(cap.id == capability_id for cap in self._capabilities):
            raise ValueError(f"Capability {capability_id} not found in plugin {self.plugin_id}")
        try:
            result = await self._execute_capability(capability_id, params)
        except Exception as e:
            await self._publish(EventType.PLUGIN_ERROR, capability_id=capability_id, error=str(e),
                                error_type=type(e).__name__)
            raise
        await self._publish(EventType.CAPABILITY_EXECUTED, capability_id=capability_id, params=params,
                            result_size=len(str(result)))
        return result

    async def _initialize_plugin(self):
        """Plugin-specific initialization; override in subclasses."""

    async def _shutdown_plugin(self):
        """Plugin-specific shutdown; override in subclasses."""

    @abstractmethod
    async def _execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        """Runs one capability; subclasses implement it."""


class _Deferred:
    """An awaitable that starts its coroutine only when awaited (so not awaiting it warns of nothing)."""

    def __init__(self, fn):
        self._fn = fn

    def __await__(self):
        return self._fn().__await__()
