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

import asyncio
import concurrent.futures
import inspect
import math
import threading

from . import ConfigurationError, Plugin, PluginError

__all__ = ["run", "adapt"]

#: How long shutdown() may take.
SHUTDOWN_TIMEOUT = 10.0


class _LoopThread:
    """One asyncio event loop, run forever by a daemon thread."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="dhii-v1-loop", daemon=True)
        self._thread.start()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def submit(self, fn, *args):
        """Calls fn(*args) on the loop (awaiting it if it returns an awaitable); returns the future."""
        async def invoke():
            result = fn(*args)
            if inspect.isawaitable(result):
                result = await result
            return result
        return asyncio.run_coroutine_threadsafe(invoke(), self.loop)

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


def _wait(future, timeout):
    """Waits for the future; raises TimeoutError (after cancelling it) only when it did not finish."""
    try:
        return future.result(timeout)
    except concurrent.futures.TimeoutError:
        if future.done():  # the coroutine itself raised a TimeoutError
            raise
        future.cancel()
        raise _Late() from None


class _Late(Exception):
    pass


def _names_capability(exc, cap_id):
    text = str(exc)
    return cap_id in text or "unknown capability" in text.lower()


def adapt(module, plugin=None):
    """Builds the Plugin that serves a v1 module (run() calls it; useful alone for tests).

    :param module: a DomainModule instance
    :param plugin: the Plugin to declare the capabilities and hooks on (default a new one)
    :return: the Plugin
    """
    plugin = Plugin() if plugin is None else plugin
    loop = _LoopThread()
    domain = getattr(module, "domain", "?")

    def handler_for(cap_id):
        def handle(data, ctx):
            remaining = ctx.remaining()
            future = loop.submit(module.execute_capability, cap_id, data)
            try:
                result = _wait(future, None if math.isinf(remaining) else remaining)
            except _Late:
                raise PluginError("TIMEOUT", "%s did not finish before its deadline" % cap_id) from None
            except ValueError as e:
                if _names_capability(e, cap_id):
                    raise PluginError("NOT_FOUND", str(e), nothing_done=True) from None
                raise
            # v1 reports failures in its results ({"success": False, "error": ...}); v1 callers check
            # them, so they are passed on as they are, as the Java LegacyAdapter does
            return result
        return handle

    @plugin.on_load
    def load(_config):
        ok = _wait(loop.submit(module.initialize), None)
        if not ok:
            raise ConfigurationError("v1 plugin %s: initialize() returned %r" % (domain, ok))
        for cap in module.capabilities or []:
            plugin.add_capability(
                cap.id, handler_for(cap.id),
                input_schema=cap.input_schema or {"type": "object"},
                output_schema=cap.output_schema or {"type": "object"},
                idempotent=False,
                requires_auth=bool(getattr(cap, "requires_auth", False)),
                description=cap.description or cap.name or "")

    @plugin.on_unload
    def unload():
        try:
            _wait(loop.submit(module.shutdown), SHUTDOWN_TIMEOUT)
        except _Late:
            raise TimeoutError("v1 plugin %s: shutdown() took more than %.0f s" % (domain, SHUTDOWN_TIMEOUT)) \
                from None
        finally:
            loop.stop()

    return plugin


def run(module, env=None):
    """Serves a v1 DomainModule as a process plugin; never returns (see Plugin.run)."""
    adapt(module).run(env)
