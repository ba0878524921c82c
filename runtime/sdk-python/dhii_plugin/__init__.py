"""Python SDK for Dhii "process" plugins.

A process plugin is a program the runtime starts with the manifest's "command". It connects to the
runtime's TCP event-bus bridge, announces its capabilities and answers calls::

    from dhii_plugin import Plugin, PluginError

    plugin = Plugin()

    @plugin.capability("py.echo", input_schema={...}, output_schema={...}, idempotent=True)
    def echo(input, ctx):
        return {"text": input["text"]}

    if __name__ == "__main__":
        plugin.run()

Standard library only. See README.md for the wire protocol and the legacy (v1) form.
"""

import json
import math
import os
import sys
import threading
import time

__all__ = [
    "Plugin",
    "Context",
    "PluginError",
    "ValidationError",
    "AuthenticationError",
    "AuthorizationError",
    "NotFoundError",
    "NetworkError",
    "ConfigurationError",
    "ERROR_CODES",
    "SDK_VERSION",
    "plugin_config",
]

#: The value of "sdk" in the announcement.
SDK_VERSION = "python/1"

#: The codes a plugin may put in a failed reply's error.code.
ERROR_CODES = frozenset({
    "VALIDATION",
    "AUTHENTICATION",
    "AUTHORIZATION",
    "NOT_FOUND",
    "NETWORK",
    "CONFIGURATION",
    "INTERNAL",
    "TIMEOUT",
    "CANCELLED",
    "UNAVAILABLE",
})


class PluginError(Exception):
    """A failure the caller should see with its code.

    :param code: one of ERROR_CODES
    :param message: the message for the caller
    :param nothing_done: True when the call had no effect, so repeating it is safe
    """

    def __init__(self, code, message, nothing_done=False):
        if code not in ERROR_CODES:
            raise ValueError("unknown error code %r (one of %s)" % (code, ", ".join(sorted(ERROR_CODES))))
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.nothing_done = bool(nothing_done)

    def to_wire(self):
        """:return: the "error" object of a failed reply"""
        return {"code": self.code, "message": self.message, "nothingDone": self.nothing_done}


class ValidationError(PluginError):
    """The input is not acceptable (beyond what its schema says)."""

    def __init__(self, message, nothing_done=False):
        super().__init__("VALIDATION", message, nothing_done)


class AuthenticationError(PluginError):
    """Credentials (the caller's, or the plugin's own towards a service) were refused."""

    def __init__(self, message, nothing_done=False):
        super().__init__("AUTHENTICATION", message, nothing_done)


class AuthorizationError(PluginError):
    """The caller is known but not allowed to do this."""

    def __init__(self, message, nothing_done=False):
        super().__init__("AUTHORIZATION", message, nothing_done)


class NotFoundError(PluginError):
    """The thing the call names does not exist."""

    def __init__(self, message, nothing_done=False):
        super().__init__("NOT_FOUND", message, nothing_done)


class NetworkError(PluginError):
    """A network failure; nothing_done=True tells the runtime a retry cannot repeat an effect."""

    def __init__(self, message, nothing_done=False):
        super().__init__("NETWORK", message, nothing_done)


class ConfigurationError(PluginError):
    """The plugin is misconfigured."""

    def __init__(self, message, nothing_done=False):
        super().__init__("CONFIGURATION", message, nothing_done)


class Context:
    """What a handler knows about its call.

    Attributes: plugin_id, capability, request_id, user_id (None when anonymous), deadline (epoch
    seconds, float; math.inf when the call has none), traceparent (W3C, or None), call_id (the
    runtime's id of this call in the process, or None), cancel_reason (None, "CANCELLED" or "TIMEOUT"
    once the runtime cancelled the call). report_progress() tells the caller how far the call has come.
    """

    __slots__ = ("plugin_id", "capability", "request_id", "user_id", "deadline", "traceparent", "call_id",
                 "cancel_reason", "_cancelled", "_event", "_lock", "_callbacks", "_progress")

    def __init__(self, plugin_id=None, capability=None, request_id=None, user_id=None, deadline=math.inf,
                 traceparent=None, call_id=None):
        self.plugin_id = plugin_id
        self.capability = capability
        self.request_id = request_id
        self.user_id = user_id
        self.deadline = float(deadline)
        self.traceparent = traceparent
        self.call_id = call_id
        self.cancel_reason = None
        self._cancelled = False
        self._event = None  # made by the first wait_cancelled: most calls never wait
        self._lock = threading.Lock()
        self._callbacks = []
        self._progress = None

    def report_progress(self, progress, total=None, message=None):
        """Tells the caller how far the call has come, when it listens (an MCP client that asked for
        progress); otherwise does nothing. progress should grow with each report (a report that does not
        is dropped by the runtime); total is what it counts towards, or None; message a short note, or None.

        :raises TypeError: if progress or total is not a number, or message is not a string
        """
        if isinstance(progress, bool) or not isinstance(progress, (int, float)) or not math.isfinite(progress):
            raise TypeError("progress must be a finite number")
        if total is not None and (isinstance(total, bool) or not isinstance(total, (int, float))):
            raise TypeError("total must be a number or None")
        if message is not None and not isinstance(message, str):
            raise TypeError("message must be a string or None")
        if self._progress is not None and not self.cancelled():
            self._progress(progress, total, message)

    def remaining(self):
        """:return: seconds left before the deadline, >= 0 (math.inf without a deadline)"""
        return max(0.0, self.deadline - time.time())

    def cancelled(self):
        """:return: True once the runtime cancelled the call or its deadline has passed (the caller
        has stopped waiting)"""
        return self._cancelled or time.time() >= self.deadline

    def wait_cancelled(self, timeout=None):
        """Blocks until the call is cancelled, its deadline passes, or timeout seconds elapse.

        :return: True when the call is cancelled (or past its deadline)"""
        limit = self.remaining()
        if timeout is not None:
            limit = min(limit, max(0.0, timeout))
        with self._lock:
            if self._cancelled:
                return True
            if self._event is None:
                self._event = threading.Event()
            event = self._event
        return event.wait(None if math.isinf(limit) else limit) or self.cancelled()

    def on_cancel(self, callback):
        """Runs callback(reason) once when the runtime cancels the call (at once if it already did).
        It runs on the SDK's reader thread: keep it short and thread-safe."""
        with self._lock:
            if not self._cancelled:
                self._callbacks.append(callback)
                return
            reason = self.cancel_reason
        callback(reason)

    def cancel(self, reason="CANCELLED"):
        """Marks the call cancelled (the SDK does it on the runtime's cancel message) and runs the
        on_cancel callbacks. Later calls do nothing."""
        with self._lock:
            if self._cancelled:
                return
            self.cancel_reason = reason
            self._cancelled = True
            if self._event is not None:
                self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            try:
                callback(reason)
            except Exception as e:  # a failing callback must not stop the others
                sys.stderr.write("[%s] on_cancel callback failed: %s: %s\n" % (self.plugin_id, type(e).__name__, e))

    def __repr__(self):
        return "Context(capability=%r, request_id=%r, user_id=%r, remaining=%.3f)" % (
            self.capability, self.request_id, self.user_id, self.remaining())


class _Capability:
    __slots__ = ("id", "handler", "input_schema", "output_schema", "idempotent", "requires_auth", "description",
                 "rate_limit_per_minute", "extra")

    def __init__(self, cap_id, handler, input_schema, output_schema, idempotent, requires_auth, description,
                 rate_limit_per_minute=None, extra=None):
        self.id = cap_id
        self.rate_limit_per_minute = rate_limit_per_minute
        self.handler = handler
        self.input_schema = input_schema
        self.output_schema = output_schema
        self.idempotent = idempotent
        self.requires_auth = requires_auth
        self.description = description
        self.extra = extra or {}

    def to_wire(self):
        wire = {
            "id": self.id,
            "inputSchema": self.input_schema,
            "outputSchema": self.output_schema,
            "idempotent": self.idempotent,
            "requiresAuth": self.requires_auth,
            "description": self.description,
        }
        if self.rate_limit_per_minute is not None:
            wire["rateLimitPerMinute"] = self.rate_limit_per_minute
        wire.update(self.extra)
        return wire


def _announced_extra(cap_id, name, tags, timeout_ms, api_version):
    """The optional announcement members ("name", "tags", "timeoutMs", "apiVersion"), checked."""
    extra = {}
    if name is not None:
        extra["name"] = str(name)
    if tags is not None:
        if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
            raise TypeError("tags of %r must be a list of strings" % (cap_id,))
        extra["tags"] = list(tags)
    if timeout_ms is not None:
        if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int) or timeout_ms <= 0:
            raise ValueError("timeout_ms of %r must be a whole number > 0" % (cap_id,))
        extra["timeoutMs"] = timeout_ms
    if api_version not in (1, 2):
        raise ValueError("api_version of %r must be 1 or 2" % (cap_id,))
    extra["apiVersion"] = api_version
    return extra


_OBJECT_SCHEMA = {"type": "object"}


class Plugin:
    """A process plugin: its capabilities and lifecycle hooks. Call run() to serve it."""

    def __init__(self):
        self._capabilities = {}
        self._on_load = None
        self._on_unload = None
        self._health = None
        #: describe mode's capabilities (a function returning the announced list), when they are known
        #: without running on_load (the v1 and contract forms set it)
        self._describe = None

    def add_capability(self, cap_id, handler, input_schema=None, output_schema=None, idempotent=False,
                       requires_auth=False, description="", rate_limit_per_minute=None, name=None, tags=None,
                       timeout_ms=None, api_version=2):
        """Declares a capability without the decorator (for capabilities known only at load time:
        adding them in the on_load hook is fine, the announcement follows it).

        :param cap_id: the capability id (also listed in the manifest's "capabilities")
        :param handler: handler(input: dict, ctx: Context) -> dict; may be an async def
        :param input_schema: JSON Schema of the input (default {"type": "object"})
        :param output_schema: JSON Schema of the output (default {"type": "object"})
        :param idempotent: whether repeating a call is harmless (the runtime may retry it)
        :param requires_auth: whether callers must be authenticated
        :param description: one line for humans
        :param rate_limit_per_minute: calls a minute per user or client (0: none; default: the runtime's, 100)
        :param name: a human-readable name (announced when given)
        :param tags: a list of strings (announced when given)
        :param timeout_ms: the capability's default deadline in milliseconds (announced when given)
        :param api_version: 2 (the default: outputs are checked strictly) or 1 (v1-era results, passed on
            leniently by the runtime)
        """
        if rate_limit_per_minute is not None and (not isinstance(rate_limit_per_minute, int)
                                                  or isinstance(rate_limit_per_minute, bool)
                                                  or rate_limit_per_minute < 0):
            raise ValueError("rate_limit_per_minute of %r must be a whole number >= 0" % (cap_id,))
        if not isinstance(cap_id, str) or not cap_id:
            raise ValueError("a capability id must be a non-empty string: %r" % (cap_id,))
        if cap_id in self._capabilities:
            raise ValueError("capability %r declared twice" % cap_id)
        if not callable(handler):
            raise TypeError("the handler of %r is not callable" % cap_id)
        for which, schema in (("input_schema", input_schema), ("output_schema", output_schema)):
            if schema is not None and not isinstance(schema, dict):
                raise TypeError("%s of %r must be a dict (a JSON Schema)" % (which, cap_id))
            if schema is not None:
                json.dumps(schema, allow_nan=False)  # fails now rather than at the announcement
        extra = _announced_extra(cap_id, name, tags, timeout_ms, api_version)
        self._capabilities[cap_id] = _Capability(
            cap_id, handler,
            dict(_OBJECT_SCHEMA) if input_schema is None else input_schema,
            dict(_OBJECT_SCHEMA) if output_schema is None else output_schema,
            bool(idempotent), bool(requires_auth), "" if description is None else str(description),
            rate_limit_per_minute, extra)
        return handler

    def capability(self, cap_id, input_schema=None, output_schema=None, idempotent=False, requires_auth=False,
                   description="", rate_limit_per_minute=None, name=None, tags=None, timeout_ms=None):
        """Decorator form of add_capability; returns the function unchanged."""
        def register(handler):
            return self.add_capability(cap_id, handler, input_schema, output_schema, idempotent, requires_auth,
                                       description, rate_limit_per_minute, name, tags, timeout_ms)
        return register

    def on_load(self, hook):
        """Decorator: hook(config: dict) runs once before the announcement; raising fails the start."""
        self._on_load = hook
        return hook

    def on_unload(self, hook):
        """Decorator: hook() runs once when the plugin stops (bounded to 10 s)."""
        self._on_unload = hook
        return hook

    def health(self, hook):
        """Decorator: hook() -> True/None (UP), False or (False, "detail") (DOWN); raising is DOWN."""
        self._health = hook
        return hook

    @property
    def capability_ids(self):
        """:return: the declared capability ids, in declaration order"""
        return list(self._capabilities)

    def announced(self):
        """:return: the capabilities as the announcement carries them (describe mode's list)"""
        if self._describe is not None:
            return self._describe()
        return [c.to_wire() for c in self._capabilities.values()]

    def run(self, env=None):
        """Serves the plugin until the runtime stops it; never returns (the process exits).

        Exit status: 0 after a shutdown request, SIGTERM or the bridge closing; 2 when the environment
        is incomplete or the bridge cannot be reached within 10 s; 3 when the configuration is not a
        JSON object or the on_load hook fails.

        :param env: the environment to read DHII_* from (default os.environ)
        """
        environment = os.environ if env is None else env
        if environment.get("DHII_DESCRIBE") == "1":
            # `dhii plugin validate` asks what the plugin would announce, without the runtime
            from ._serve import describe
            describe(self)
        from ._runner import Runner
        Runner(self, environment).run()


def plugin_config(env=None):
    """:return: the manifest's "config" object (DHII_PLUGIN_CONFIG), {} when absent

    Raises ValueError when it is not a JSON object."""
    text = (os.environ if env is None else env).get("DHII_PLUGIN_CONFIG")
    if text is None or not text.strip():
        return {}
    config = json.loads(text)
    if not isinstance(config, dict):
        raise ValueError("DHII_PLUGIN_CONFIG is not a JSON object")
    return config
