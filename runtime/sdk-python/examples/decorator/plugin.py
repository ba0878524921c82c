"""The decorator API served by `python -m dhii_plugin serve plugin:plugin`, with the capabilities the
SDK's tests use for cancellation and for replies that cannot be sent.

- dec.echo {text} -> {text}
- dec.wait_cancel {seconds, notifyPort?} -> {cancelled, reason}: waits until the call is cancelled
  (runtime cancel message or deadline) or `seconds` pass (default 30)
- dec.big {bytes} -> {data: "x" * bytes} (over DHII_MAX_FRAME_BYTES: INTERNAL for that call only)
- dec.unserialisable {kind}: kind "set", "bytes", "nan" or "recursive" returns an output that is not
  JSON (INTERNAL for that call only)
"""

import socket
import sys

from dhii_plugin import Plugin

plugin = Plugin()

TEXT = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}

print("imported: print() goes to the log, never to the channel")


def notify_started(params):
    """Tells a test that the call is running: connects to 127.0.0.1:params["notifyPort"] when given."""
    port = params.get("notifyPort") if isinstance(params, dict) else None
    if port:
        socket.create_connection(("127.0.0.1", int(port)), timeout=5).close()


@plugin.capability("dec.echo", input_schema=TEXT, output_schema=TEXT, idempotent=True, description="Echoes text",
                   name="Echo", tags=["demo"], timeout_ms=5000)
def echo(input, ctx):
    print("echo called", ctx.request_id)  # lands on stderr
    return {"text": input["text"]}


@plugin.capability("dec.wait_cancel", description="Waits for its cancellation")
def wait_cancel(input, ctx):
    notify_started(input)
    cancelled = ctx.wait_cancelled(float(input.get("seconds", 30)))
    return {"cancelled": cancelled, "reason": ctx.cancel_reason}


@plugin.capability("dec.big", description="Returns a string of the given size")
def big(input, ctx):
    return {"data": "x" * int(input.get("bytes", 0))}


@plugin.capability("dec.unserialisable", description="Returns an output that is not JSON")
def unserialisable(input, ctx):
    kind = input.get("kind")
    if kind == "set":
        return {"value": {1, 2}}
    if kind == "bytes":
        return {"value": b"\x00"}
    if kind == "nan":
        return {"value": float("nan")}
    if kind == "recursive":
        node = {}
        node["self"] = node
        return node
    if kind == "deep":
        deep = []
        for _ in range(sys.getrecursionlimit() * 4):
            deep = [deep]
        return {"value": deep}
    return {"value": None}
