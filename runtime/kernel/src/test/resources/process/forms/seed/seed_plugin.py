"""A plugin written to the seed's contract (spec/plugin-framework-2.0.md section 2): async lifecycle,
pydantic capabilities, an execution context with a cancellation token, the section 2.3 exceptions."""

import asyncio
import os
from typing import List, Optional

from pydantic import BaseModel

from a2ui_integration.core.exceptions import (PluginAuthenticationError, PluginConfigurationError, PluginError,
                                              PluginNetworkError, PluginValidationError)
from a2ui_integration.core.plugin_contract import ExecutionContext, PluginCapability, PluginInterface


class EchoIn(BaseModel):
    text: str
    times: int = 1


class EchoOut(BaseModel):
    text: str
    words: List[str]


class WaitIn(BaseModel):
    marker: str
    seconds: float = 5.0


class WaitOut(BaseModel):
    state: str


class FailIn(BaseModel):
    how: str


class Empty(BaseModel):
    note: Optional[str] = None


def _get(params, name, default=None):
    return getattr(params, name) if isinstance(params, BaseModel) else params.get(name, default)


class SeedPlugin(PluginInterface):

    def __init__(self):
        self.loaded = False

    async def on_load(self, config):
        self.loaded = True

    async def on_ready(self):
        pass

    async def on_unload(self):
        pass

    @property
    def capabilities(self):
        return [
            PluginCapability[EchoIn, EchoOut](id="seed.echo", name="Echo", description="Echoes text",
                                              input_model=EchoIn, output_model=EchoOut, tags=["demo", "fast"],
                                              requires_auth=False, rate_limit=0),
            PluginCapability[WaitIn, WaitOut](id="seed.wait", name="Wait", description="Waits for cancellation",
                                              input_model=WaitIn, output_model=WaitOut, requires_auth=False,
                                              rate_limit=0),
            PluginCapability[FailIn, Empty](id="seed.fail", name="Fail", description="Raises what it is told",
                                            input_model=FailIn, output_model=Empty, requires_auth=False,
                                            rate_limit=0),
            PluginCapability[Empty, Empty](id="seed.private", name="Private", description="Needs a user",
                                           input_model=Empty, output_model=Empty, requires_auth=True,
                                           rate_limit=2),
        ]

    async def execute_capability(self, capability_id, params, context: Optional[ExecutionContext] = None):
        if capability_id == "seed.echo":
            text = _get(params, "text")
            return EchoOut(text=text * _get(params, "times", 1), words=text.split())
        if capability_id == "seed.wait":
            data = os.environ["DHII_PLUGIN_DATA"]
            with open(os.path.join(data, "started-" + _get(params, "marker")), "w", encoding="utf-8") as f:
                f.write("started")
            try:
                await asyncio.wait_for(context.cancellation_token.wait(), timeout=_get(params, "seconds", 5.0))
                state = "set"
            except asyncio.TimeoutError:
                state = "not set"
            path = os.path.join(data, "cancel-" + _get(params, "marker"))
            with open(path, "w", encoding="utf-8") as f:
                f.write(state)
            return WaitOut(state=state)
        if capability_id == "seed.fail":
            how = _get(params, "how")
            raise {"validation": PluginValidationError("not a valid order"),
                   "authentication": PluginAuthenticationError("token expired"),
                   "network": PluginNetworkError("mail server unreachable"),
                   "configuration": PluginConfigurationError("no server configured"),
                   "plugin": PluginError("plugin broke")}.get(how, RuntimeError("bug " + how))
        return Empty(note="ok")
