"""A plugin written to the Plugin Framework 2.0 contract: async lifecycle, pydantic capabilities,
ExecutionContext with its cancellation token, the contract's exceptions.

- seed.greet {name, times=1 (1..5)} -> {greeting, requestId}: typed (input parsed into GreetInput,
  output a GreetOutput); a bad input is VALIDATION with JSON pointers
- seed.greet_dict: the same greeting with dict schemas (the benchmark's dict path)
- seed.wait {seconds=30} -> {cancelled, waited}: waits on the cancellation token (set on the
  runtime's cancel message and at the deadline)
- seed.fail {kind}: raises PluginValidationError / PluginAuthenticationError / PluginNetworkError /
  PluginConfigurationError / PluginError, or returns an output breaking its model ("bad_output")
Config: "greeting" (default "Hello"), "health": "UP" | "DEGRADED" | "DOWN".
"""

import asyncio
import socket
from typing import Any, Dict, List, Optional

from pydantic import BaseModel, Field

from a2ui_integration.core.exceptions import (PluginAuthenticationError, PluginConfigurationError, PluginError,
                                              PluginNetworkError, PluginValidationError)
from a2ui_integration.core.plugin_contract import ExecutionContext, HealthStatus, PluginCapability, PluginInterface


class GreetInput(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    times: int = Field(default=1, ge=1, le=5)


class GreetOutput(BaseModel):
    greeting: str
    requestId: Optional[str] = None


class WaitInput(BaseModel):
    seconds: float = 30.0
    notifyPort: Optional[int] = None  # tells a test that the call is running


class WaitOutput(BaseModel):
    cancelled: bool
    waited: float


class FailInput(BaseModel):
    kind: str


class FailOutput(BaseModel):
    never: int


GREET_SCHEMA = {"type": "object", "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100},
                                                 "times": {"type": "integer", "minimum": 1, "maximum": 5}},
                "required": ["name"]}


class GreeterPlugin(PluginInterface):

    def __init__(self):
        self.config: Dict[str, Any] = {}
        self.ready = False
        self.unloaded = False

    async def on_load(self, config: Dict[str, Any]):
        if config.get("failLoad"):
            raise PluginConfigurationError("told to fail by the configuration")
        self.config = config

    async def on_ready(self):
        self.ready = True

    async def on_unload(self):
        marker = self.config.get("unloadMarker")
        if marker:
            with open(marker, "w", encoding="utf-8") as f:
                f.write("unloaded\n")

    async def health_check(self) -> HealthStatus:
        status = self.config.get("health", "UP")
        return HealthStatus(status, "configured %s" % status if status != "UP" else "")

    @property
    def capabilities(self) -> List[PluginCapability]:
        return [
            PluginCapability[GreetInput, GreetOutput](
                id="seed.greet", name="Greet", description="Greets someone", input_model=GreetInput,
                output_model=GreetOutput, tags=["demo", "typed"], requires_auth=False, rate_limit=0),
            PluginCapability(id="seed.greet_dict", name="Greet (dict)", description="Greets someone",
                             input_schema=GREET_SCHEMA,
                             output_schema={"type": "object", "properties": {"greeting": {"type": "string"}}}),
            PluginCapability[WaitInput, WaitOutput](
                id="seed.wait", name="Wait", description="Waits for its cancellation", input_model=WaitInput,
                output_model=WaitOutput, requires_auth=False, timeout_seconds=60),
            PluginCapability[FailInput, FailOutput](
                id="seed.fail", name="Fail", description="Raises the contract's exceptions", input_model=FailInput,
                output_model=FailOutput, requires_auth=False, tags=["errors"], rate_limit=30),
        ]

    async def execute_capability(self, capability_id: str, params: Any,
                                 context: Optional[ExecutionContext] = None) -> Any:
        greeting = self.config.get("greeting", "Hello")
        if capability_id == "seed.greet":
            return GreetOutput(greeting=" ".join(["%s, %s!" % (greeting, params.name)] * params.times),
                               requestId=context.request_id)
        if capability_id == "seed.greet_dict":
            return {"greeting": " ".join(["%s, %s!" % (greeting, params["name"])] * params.get("times", 1))}
        if capability_id == "seed.wait":
            loop = asyncio.get_running_loop()
            started = loop.time()
            if params.notifyPort:
                socket.create_connection(("127.0.0.1", params.notifyPort), timeout=5).close()
            try:
                await asyncio.wait_for(context.cancellation_token.wait(), params.seconds)
            except asyncio.TimeoutError:
                pass
            return WaitOutput(cancelled=context.cancellation_token.is_set(), waited=round(loop.time() - started, 3))
        if capability_id == "seed.fail":
            kind = params.kind
            if kind == "validation":
                raise PluginValidationError("the date is in the past",
                                            violations=[{"pointer": "/date", "message": "must be in the future"}])
            if kind == "authentication":
                raise PluginAuthenticationError("the mail server refused the password")
            if kind == "network":
                raise PluginNetworkError("connection refused")
            if kind == "configuration":
                raise PluginConfigurationError("no account configured")
            if kind == "plugin":
                raise PluginError("it broke")
            if kind == "bad_output":
                return {"never": "not a number"}
            raise RuntimeError("unexpected kind %s" % kind)
        raise PluginError("unknown capability %s" % capability_id)
