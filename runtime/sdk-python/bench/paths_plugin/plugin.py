"""The benchmark's plugin: one capability on the pydantic path and one on the dict path, the same
work otherwise (a greeting for a name, repeated `times` times), written to the seed contract.

- bench.typed {name, times=1}: PluginCapability[GreetIn, GreetOut]; the input is parsed into GreetIn,
  the output dumped from GreetOut
- bench.plain {name, times=1}: PluginCapability with dict schemas; params and result are dicts
Both: requires_auth False, rate_limit 0 (unlimited).
"""

from pydantic import BaseModel, Field

from a2ui_integration.core.plugin_contract import PluginCapability, PluginInterface


class GreetIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    times: int = Field(default=1, ge=1, le=5)


class GreetOut(BaseModel):
    greeting: str


_SCHEMA = {"type": "object", "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100},
                                            "times": {"type": "integer", "minimum": 1, "maximum": 5}},
           "required": ["name"]}


class PathsPlugin(PluginInterface):

    @property
    def capabilities(self):
        return [
            PluginCapability[GreetIn, GreetOut](id="bench.typed", name="Typed", description="pydantic path",
                                                input_model=GreetIn, output_model=GreetOut, requires_auth=False,
                                                rate_limit=0),
            PluginCapability(id="bench.plain", name="Plain", description="dict path", input_schema=_SCHEMA,
                             output_schema={"type": "object", "properties": {"greeting": {"type": "string"}}},
                             requires_auth=False, rate_limit=0),
        ]

    async def execute_capability(self, capability_id, params, context=None):
        if capability_id == "bench.typed":
            return GreetOut(greeting=" ".join(["Hello, %s!" % params.name] * params.times))
        return {"greeting": " ".join(["Hello, %s!" % params["name"]] * params.get("times", 1))}
