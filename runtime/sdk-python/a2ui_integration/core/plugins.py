"""Dhii-Mail main's BasePlugin: a v1 DomainModule whose subclasses declare their capabilities in
_register_capabilities() and implement _initialize_plugin(), _shutdown_plugin() and
_execute_capability(). Served as a v1 plugin (``python -m dhii_plugin serve module:Class``).

Dhii-Mail's own BasePlugin also publishes lifecycle events on its shared-services bus; here those are
log lines on stderr (logger "a2ui_integration.core.plugins").
"""

import logging
from abc import abstractmethod
from typing import Any, Dict, List

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

    async def initialize(self) -> bool:
        """Runs _initialize_plugin(); False (with the failure logged) when it raises."""
        try:
            await self._initialize_plugin()
        except Exception:
            logger.exception("plugin %s failed to initialize", self.plugin_id)
            return False
        self._initialized = True
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
        return True

    async def execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        """Checks the plugin is initialized and has the capability, then runs _execute_capability()."""
        if not self._initialized:
            raise RuntimeError(f"Plugin {self.plugin_id} not initialized")
        if not any(cap.id == capability_id for cap in self._capabilities):
            raise ValueError(f"Capability {capability_id} not found in plugin {self.plugin_id}")
        return await self._execute_capability(capability_id, params)

    async def _initialize_plugin(self):
        """Plugin-specific initialization; override in subclasses."""

    async def _shutdown_plugin(self):
        """Plugin-specific shutdown; override in subclasses."""

    @abstractmethod
    async def _execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        """Runs one capability; subclasses implement it."""
