"""A sample process plugin: an echo, plus a few capabilities that show (and let the SDK's tests check)
errors, concurrency and health.

Config (the manifest's "config"): "failLoad": true makes on_load fail; "unloadMarker": a file path that
on_unload writes; "touchDir": the directory py.touch writes into.
"""

import os
import threading
import time

from dhii_plugin import NetworkError, Plugin, ValidationError

plugin = Plugin()
state = {"config": {}, "health": True}
pair_barrier = threading.Barrier(2)

TEXT = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
ANY = {"type": "object"}


@plugin.on_load
def load(config):
    if config.get("failLoad"):
        raise RuntimeError("told to fail by the configuration")
    state["config"] = config


@plugin.on_unload
def unload():
    marker = state["config"].get("unloadMarker")
    if marker:
        with open(marker, "w", encoding="utf-8") as f:
            f.write("unloaded\n")


@plugin.health
def health():
    value = state["health"]
    if isinstance(value, Exception):
        raise value
    return value


@plugin.capability("py.echo", input_schema=TEXT, output_schema=TEXT, idempotent=True,
                   description="Echoes its input")
def echo(data, ctx):
    return {"text": data["text"]}


@plugin.capability("py.context", input_schema=ANY, output_schema=ANY, idempotent=True,
                   description="Returns what the handler knows about its call")
def context(data, ctx):
    return {"requestId": ctx.request_id, "userId": ctx.user_id, "traceparent": ctx.traceparent,
            "remaining": ctx.remaining(), "cancelled": ctx.cancelled(), "capability": ctx.capability,
            "config": state["config"], "thread": threading.current_thread().name}


@plugin.capability("py.fail", input_schema=ANY, output_schema=ANY, description="Fails the way it is asked to")
def fail(data, ctx):
    kind = data.get("kind")
    if kind == "validation":
        raise ValidationError("text is too long", nothing_done=True)
    if kind == "network":
        raise NetworkError("mail server unreachable", nothing_done=True)
    if kind == "crash":
        raise KeyError("missing")
    if kind == "list":
        return [1, 2, 3]
    if kind == "notjson":
        return {"value": {1, 2}}
    return {}


@plugin.capability("py.pair", input_schema=ANY, output_schema=ANY,
                   description="Returns once a second py.pair call is running at the same time")
def pair(data, ctx):
    pair_barrier.wait(timeout=data.get("timeoutSeconds", 5))
    return {"paired": True}


@plugin.capability("py.sleep", input_schema=ANY, output_schema=ANY, description="Takes ms milliseconds")
def sleep(data, ctx):
    time.sleep(data.get("ms", 0) / 1000.0)
    return {"slept": data.get("ms", 0)}


@plugin.capability("py.touch", input_schema=ANY, output_schema=ANY, description="Creates a file named name")
def touch(data, ctx):
    with open(os.path.join(state["config"]["touchDir"], data["name"]), "w", encoding="utf-8"):
        pass
    return {"touched": data["name"]}


@plugin.capability("py.set_health", input_schema=ANY, output_schema=ANY, description="Sets what health reports")
def set_health(data, ctx):
    if data.get("raise"):
        state["health"] = RuntimeError(data.get("detail", "health check crashed"))
    elif data.get("up", True):
        state["health"] = True
    else:
        state["health"] = (False, data.get("detail"))
    return {}


@plugin.capability("py.async_echo", input_schema=TEXT, output_schema=TEXT, idempotent=True,
                   description="Echoes its input from an async handler")
async def async_echo(data, ctx):
    return {"text": data["text"]}


if __name__ == "__main__":
    plugin.run()
