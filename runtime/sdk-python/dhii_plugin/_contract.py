"""Serves an a2ui_integration.core.plugin_contract.PluginInterface, in Dhii-Mail main's shape or the
specification's (see that module).

Load (before the announcement): initialize(kernel_api) when the class defines it (main's shape; it
may register handlers through kernel_api["register_capability"]), then on_load(config) and
on_ready(), each awaited on the plugin's event loop. Capabilities: ``capabilities`` (property or
attribute), else ``manifest.capabilities``, plus those registered in initialize(). A call goes to the
registered handler when there is one, else to execute_capability(id, params[, context]); the context
(an ExecutionContext) is passed when execute_capability takes a third argument. With an input_model
the input is parsed into it first (a failure is VALIDATION with JSON pointers, and nothing runs);
with an output_model the result (a model or a dict) is checked against it and dumped in JSON mode (a
failure is INTERNAL). The cancellation token is set on the runtime's cancel message and when the
deadline passes; a call that then does not finish within a second is cancelled (CANCELLED/TIMEOUT).
"""

import asyncio
import enum
import inspect
import sys
import time

from . import Plugin, PluginError
from ._aio import LoopThread, await_call
from ._glasswall import as_output, declaration, full_id, handler_caller, invoke, kernel_api

__all__ = ["adapt"]

#: How long on_unload/shutdown and a health check may take.
HOOK_TIMEOUT = 10.0
HEALTH_TIMEOUT = 5.0
#: How long after the deadline the SDK sets a call's token itself. At the deadline the runtime answers the
#: caller TIMEOUT and sends a cancel message, which sets the token; this later timer only covers a cancel
#: message that never arrives, and keeps a handler woken by it from answering before the runtime's TIMEOUT.
DEADLINE_GRACE = 0.25


def _base():
    module = sys.modules.get("a2ui_integration.core.plugin_contract")
    return getattr(module, "PluginInterface", None)


def _defines(instance, name):
    """Whether the plugin's class defines name itself (not the contract's do-nothing default)."""
    attr = getattr(type(instance), name, None)
    if attr is None:
        return False
    base = _base()
    return base is None or attr is not getattr(base, name, None)


def _takes_context(fn):
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return True
    return len([p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]) >= 3 \
        or any(p.name == "context" for p in params)


def _pointer(loc):
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)


def _validation_error(cap_id, error):
    from a2ui_integration.core.exceptions import PluginValidationError
    violations = [{"pointer": _pointer(e.get("loc", ())), "message": e.get("msg", "invalid")}
                  for e in error.errors(include_url=False)]
    return PluginValidationError("input of %s is not valid: %s" % (cap_id, "; ".join(
        "%s: %s" % (v["pointer"] or "/", v["message"]) for v in violations)), violations=violations)


def _declared(instance):
    caps = getattr(instance, "capabilities", None)
    if caps is None:
        manifest = getattr(instance, "manifest", None)
        caps = getattr(manifest, "capabilities", None) if manifest is not None else None
    return list(caps or [])


def _health(result):
    if result is None or result is True:
        return True
    if result is False:
        return False
    if isinstance(result, (str, enum.Enum)):
        status, message = getattr(result, "value", result), None
        if str(status).upper() == "UNKNOWN":
            return (True, "unknown")
    elif isinstance(result, dict):
        status, message = result.get("status", "UP"), result.get("message") or result.get("detail")
    else:
        status = getattr(result, "status", None)
        status = getattr(status, "value", status)
        message = getattr(result, "message", None)
        if status is None:
            healthy = getattr(result, "healthy", True)
            status = "UP" if healthy else "DOWN"
    status = str(status).upper()
    if status in ("UP", "HEALTHY", "OK"):
        return (True, message or None)
    if status == "DEGRADED":
        return (True, message or "degraded")
    return (False, message or "the health check failed")


def adapt(instance, env, registered=None, initialized=False):
    """Returns the Plugin that serves a PluginInterface instance.

    :param registered: capabilities already registered through a kernel_api (id -> (capability, handler))
    :param initialized: whether initialize(kernel_api) already ran (a register function called it)
    """
    plugin = Plugin()
    loop = LoopThread("dhii-plugin-loop")
    plugin_id = env.get("DHII_PLUGIN_ID") or getattr(getattr(instance, "manifest", None), "id", None) or "plugin"
    registered = {} if registered is None else registered
    with_context = _takes_context(instance.execute_capability)
    typed_plugin = with_context or _defines(instance, "on_load") or _defines(instance, "on_ready")

    def capabilities():
        caps = _declared(instance)
        known = {c.id for c in caps}
        caps.extend(_Registered(cap_id, cap) for cap_id, (cap, _h) in registered.items() if cap_id not in known)
        return caps

    def declare(cap):
        typed = getattr(cap, "input_model", None) is not None or getattr(cap, "output_model", None) is not None
        return declaration(cap.id, None, cap, api_version=2 if typed or typed_plugin else 1)

    def handler_for(cap):
        local = cap.id
        what = full_id(plugin_id, local)
        in_model = getattr(cap, "input_model", None)
        out_model = getattr(cap, "output_model", None)
        budget = getattr(cap, "timeout_seconds", None) or 30.0

        def handle(data, ctx):
            params = data
            if in_model is not None:
                import pydantic
                try:
                    params = in_model.model_validate(data)
                except pydantic.ValidationError as e:
                    raise _validation_error(what, e) from None
            if local in registered:
                result = invoke(loop, ctx, what, handler_caller(local, registered[local][1]), params)
            elif with_context:
                result = await_call(loop, ctx, what, _with_token, instance, local, params, ctx, budget, loop)
            else:
                result = invoke(loop, ctx, what, instance.execute_capability, local, params)
            if out_model is not None:
                return _dump(what, out_model, result)
            return as_output(result)
        return handle

    @plugin.on_load
    def load(config):
        if _defines(instance, "initialize") and not initialized:
            loop.run(instance.initialize, kernel_api(plugin_id, registered, config))
        if hasattr(instance, "on_load"):
            loop.run(instance.on_load, config)
        if hasattr(instance, "on_ready"):
            loop.run(instance.on_ready)
        for cap in capabilities():
            plugin.add_capability(full_id(plugin_id, cap.id), handler_for(cap), **declare(cap))

    @plugin.on_unload
    def unload():
        try:
            if hasattr(instance, "on_unload"):
                loop.run(instance.on_unload, timeout=HOOK_TIMEOUT)
            if hasattr(instance, "shutdown"):
                loop.run(instance.shutdown, timeout=HOOK_TIMEOUT)
        finally:
            loop.stop()

    if hasattr(instance, "health_check"):
        @plugin.health
        def health():
            return _health(loop.run(instance.health_check, timeout=HEALTH_TIMEOUT))

    def describe():
        # describe mode runs no lifecycle hook: only what the plugin declares up front
        probe = Plugin()
        for cap in capabilities() if initialized else _declared(instance):
            probe.add_capability(full_id(plugin_id, cap.id), handler_for(cap), **declare(cap))
        return probe.announced()

    plugin._describe = describe
    return plugin


class _Registered:
    """A capability registered through kernel_api only: its id, and what the capability object given
    with it (a PluginCapability, a dict or None) says."""

    def __init__(self, cap_id, source):
        self.id = cap_id
        self._source = source

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        source = self.__dict__.get("_source")
        return source.get(name) if isinstance(source, dict) else getattr(source, name, None)


async def _with_token(instance, local, params, ctx, budget, loop):
    """Runs execute_capability(id, params, context) with a token set on cancel and at the deadline."""
    from a2ui_integration.core.plugin_contract import ExecutionContext
    token = asyncio.Event()
    remaining = ctx.remaining()
    deadline = None if remaining == float("inf") else ctx.deadline
    context = ExecutionContext(request_id=ctx.request_id, user_id=ctx.user_id,
                               timeout=budget if deadline is None else remaining, cancellation_token=token,
                               traceparent=ctx.traceparent, capability_id=local, deadline=deadline)
    running = asyncio.get_running_loop()
    timer = None if deadline is None else running.call_later(max(0.0, deadline - time.time()) + DEADLINE_GRACE, token.set)
    ctx.on_cancel(lambda _reason: loop.call_soon(token.set))
    try:
        result = instance.execute_capability(local, params, context)
        if inspect.isawaitable(result):
            result = await result
        return result
    finally:
        if timer is not None:
            timer.cancel()


def _dump(cap_id, model, result):
    import pydantic
    try:
        if not isinstance(result, model):
            result = model.model_validate(result.model_dump() if isinstance(result, pydantic.BaseModel) else result)
        return result.model_dump(mode="json")
    except pydantic.ValidationError as e:
        raise PluginError("INTERNAL", "output of %s does not match its output_model: %s" % (cap_id, "; ".join(
            "%s: %s" % (_pointer(err.get("loc", ())) or "/", err.get("msg")) for err in e.errors(include_url=False)))) \
            from None
