"""Dhii-Mail main's BasePlugin shape."""

from a2ui_integration.core.plugins import BasePlugin
from a2ui_integration.core.types import Capability, PluginType


class TodoPlugin(BasePlugin):

    def __init__(self):
        self.todos = []
        super().__init__("baseplug", "Todos", "1.0.0", "Todo list", PluginType.CUSTOM)

    def _register_capabilities(self):
        self.add_capability(Capability(id="baseplug.add", domain="todo", name="Add", description="Adds a todo",
                                       input_schema={"type": "object", "properties": {"text": {"type": "string"}}},
                                       output_schema={"type": "object", "properties": {"id": {"type": "integer"}}},
                                       side_effects=["writes"]))
        self.add_capability(Capability(id="baseplug.list", domain="todo", name="List", description="Lists todos",
                                       input_schema={"type": "object"},
                                       output_schema={"type": "object", "properties": {"todos": {"type": "array"}}}))

    async def _initialize_plugin(self):
        pass

    async def _shutdown_plugin(self):
        pass

    async def _execute_capability(self, capability_id, params):
        if capability_id == "baseplug.add":
            self.todos.append(params.get("text"))
            return {"id": len(self.todos)}
        return {"todos": list(self.todos)}
