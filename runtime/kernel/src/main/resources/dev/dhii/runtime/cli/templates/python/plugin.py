"""The {{name}} plugin: one capability, {{name}}.hello, written to the seed's plugin contract.

The runtime serves this module from its manifest ("entrypoint": "{{module}}:{{type}}") with
`python -m dhii_plugin serve`, in a virtual environment made from requirements.txt: the input and
output JSON Schemas it announces are those of the pydantic models below.
"""
from typing import Optional

from pydantic import BaseModel

from a2ui_integration.core.exceptions import PluginValidationError
from a2ui_integration.core.plugin_contract import ExecutionContext, PluginCapability, PluginInterface


class HelloInput(BaseModel):
    name: str


class HelloOutput(BaseModel):
    text: str


class {{type}}(PluginInterface):

    async def on_load(self, config):
        self.config = config

    @property
    def capabilities(self):
        return [
            PluginCapability[HelloInput, HelloOutput](
                id="{{name}}.hello", name="Hello", description="Greets someone",
                input_model=HelloInput, output_model=HelloOutput, requires_auth=False),
        ]

    async def execute_capability(self, capability_id, params, context: Optional[ExecutionContext] = None):
        """{{name}}.hello: greets someone (params is a HelloInput, checked against its schema)."""
        if not params.name.strip():
            raise PluginValidationError("name must not be blank")
        return HelloOutput(text="Hello, " + params.name)
