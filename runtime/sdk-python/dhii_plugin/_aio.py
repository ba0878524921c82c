"""One asyncio event loop per plugin process, in its own thread, for the forms whose code is async
(v1 DomainModule, Glass Wall async handlers, PluginInterface): the plugin's coroutines all run on it,
so state bound to a loop (sessions, locks) lives across calls. Calls wait for their coroutine on the
SDK's worker threads, bounded by the call's deadline and its cancellation."""

import asyncio
import concurrent.futures
import inspect
import math
import threading

from . import PluginError

#: How long a call that was cancelled (or whose deadline passed) is given to notice it and finish
#: before its coroutine is cancelled.
CANCEL_GRACE = 1.0


class LoopThread:
    """One asyncio event loop, run forever by a daemon thread."""

    def __init__(self, name="dhii-loop"):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def submit(self, fn, *args):
        """Calls fn(*args) on the loop (awaiting it if it returns an awaitable); returns the
        concurrent.futures.Future of its result."""
        async def invoke():
            result = fn(*args)
            if inspect.isawaitable(result):
                result = await result
            return result
        return asyncio.run_coroutine_threadsafe(invoke(), self.loop)

    def run(self, fn, *args, timeout=None):
        """Runs fn(*args) on the loop and waits for it (at most timeout seconds: TimeoutError)."""
        future = self.submit(fn, *args)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            if future.done():  # the coroutine itself raised a TimeoutError
                raise
            future.cancel()
            raise TimeoutError("did not finish within %.0f s" % timeout) from None

    def call_soon(self, fn, *args):
        """Schedules fn(*args) on the loop from any thread."""
        try:
            self.loop.call_soon_threadsafe(fn, *args)
        except RuntimeError:  # the loop is closed: the process is stopping
            pass

    def stop(self):
        self.call_soon(self.loop.stop)


def await_call(loop, ctx, what, fn, *args, grace=CANCEL_GRACE):
    """Runs fn(*args) on the loop for the call ctx and waits for it.

    Returns its result or raises what it raised. When the call is cancelled or its deadline passes
    first, the coroutine gets `grace` seconds more (a cooperative one sees its cancellation token and
    returns), then it is cancelled and PluginError CANCELLED or TIMEOUT is raised.

    :param what: names the call in messages (a capability id)
    """
    future = loop.submit(fn, *args)
    wake = threading.Event()
    future.add_done_callback(lambda _f: wake.set())
    ctx.on_cancel(lambda _reason: wake.set())
    remaining = ctx.remaining()
    wake.wait(None if math.isinf(remaining) else remaining)
    if not future.done():
        try:
            return future.result(grace)
        except concurrent.futures.TimeoutError:
            if not future.done():
                future.cancel()
                if ctx.cancel_reason == "CANCELLED":
                    raise PluginError("CANCELLED", "%s was cancelled" % what) from None
                raise PluginError("TIMEOUT", "%s did not finish before its deadline" % what) from None
        except concurrent.futures.CancelledError:
            pass
    try:
        return future.result()
    except (concurrent.futures.CancelledError, asyncio.CancelledError):
        code = "CANCELLED" if ctx.cancel_reason == "CANCELLED" else "TIMEOUT"
        raise PluginError(code, "%s was cancelled" % what) from None
