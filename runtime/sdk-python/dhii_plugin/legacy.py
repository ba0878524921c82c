"""Runs a Dhii-Mail v1 plugin (an a2ui_integration.core.types.DomainModule) as a process plugin,
unchanged::

    from dhii_plugin import legacy
    legacy.run(MyModule())

The module's coroutines run on one asyncio event loop in a dedicated thread: initialize() in the load
step (False fails the start, exit status 3), execute_capability() for each call (waited for at most the
call's remaining time), shutdown() when the plugin stops. v1 conventions: a result {"success": False, "error": ...} is passed on as it is (v1 callers check it, and the
Java LegacyAdapter does the same), a ValueError naming the
capability (v1's "Unknown capability: <id>") is NOT_FOUND, any other exception is INTERNAL. v1
capabilities are announced as not idempotent, with their schemas and requires_auth.
"""

from . import ConfigurationError, Plugin, PluginError
from ._aio import LoopThread, await_call

__all__ = ["run", "adapt", "capability_wire"]

#: How long shutdown() may take.
SHUTDOWN_TIMEOUT = 10.0


def _names_capability(exc, cap_id):
    text = str(exc)
    return cap_id in text or "unknown capability" in text.lower()


def _declaration(cap):
    """add_capability's keyword arguments for a v1 Capability."""
    timeout = getattr(cap, "timeout_seconds", None)
    rate = getattr(cap, "rate_limit", None)
    return dict(input_schema=cap.input_schema or {"type": "object"},
                output_schema=cap.output_schema or {"type": "object"},
                idempotent=False,
                requires_auth=bool(getattr(cap, "requires_auth", False)),
                description=cap.description or cap.name or "",
                name=cap.name or None,
                timeout_ms=int(round(timeout * 1000)) if isinstance(timeout, (int, float))
                and not isinstance(timeout, bool) and timeout > 0 else None,
                rate_limit_per_minute=rate if isinstance(rate, int) and not isinstance(rate, bool) and rate >= 0
                else None,
                api_version=1)


def capability_wire(cap):
    """:return: a v1 Capability as the announcement carries it (describe mode's form)"""
    probe = Plugin()
    probe.add_capability(cap.id, lambda data, ctx: {}, **_declaration(cap))
    return probe.announced()[0]


def adapt(module, plugin=None, registered=None):
    """Builds the Plugin that serves a v1 module (run() calls it; useful alone for tests).

    :param module: a DomainModule instance
    :param plugin: the Plugin to declare the capabilities and hooks on (default a new one)
    :param registered: capabilities a register(kernel_api) function registered beside the module's own
        (id -> (capability, handler)); those the module does not declare are served by their handler
    :return: the Plugin
    """
    from ._glasswall import as_output, declaration, handler_caller, invoke
    plugin = Plugin() if plugin is None else plugin
    registered = registered or {}
    loop = LoopThread("dhii-v1-loop")
    domain = getattr(module, "domain", "?")

    def handler_for(cap_id):
        def handle(data, ctx):
            try:
                # v1 code cannot see a cancellation: it is cancelled at once when the call ends
                return as_output(await_call(loop, ctx, cap_id, module.execute_capability, cap_id, data, grace=0))
            except ValueError as e:
                if _names_capability(e, cap_id):
                    raise PluginError("NOT_FOUND", str(e), nothing_done=True) from None
                raise
            # v1 reports failures in its results ({"success": False, "error": ...}); v1 callers check
            # them, so they are passed on as they are (nulls included), as the Java LegacyAdapter does
        return handle

    @plugin.on_load
    def load(_config):
        ok = loop.run(module.initialize)
        if not ok:
            raise ConfigurationError("v1 plugin %s: initialize() returned %r" % (domain, ok))
        own = list(module.capabilities or [])
        for cap in own:
            plugin.add_capability(cap.id, handler_for(cap.id), **_declaration(cap))
        for cap_id, (capability, handler) in registered.items():
            if all(cap.id != cap_id for cap in own):
                call = handler_caller(cap_id, handler)
                plugin.add_capability(cap_id, lambda data, ctx, call=call, what=cap_id: as_output(
                    invoke(loop, ctx, what, call, data)), **declaration(cap_id, None, capability))

    @plugin.on_unload
    def unload():
        try:
            loop.run(module.shutdown, timeout=SHUTDOWN_TIMEOUT)
        except TimeoutError:
            raise TimeoutError("v1 plugin %s: shutdown() took more than %.0f s" % (domain, SHUTDOWN_TIMEOUT)) \
                from None
        finally:
            loop.stop()

    # describe mode: what the module declares, without initialize()
    plugin._describe = lambda: [capability_wire(cap) for cap in module.capabilities or []]
    return plugin


def run(module, env=None):
    """Serves a v1 DomainModule as a process plugin; never returns (see Plugin.run)."""
    adapt(module).run(env)
