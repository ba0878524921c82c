"""Dhii-Mail's "Glass Wall" plugins: a module whose register(kernel) registers handlers, with the
Dhii-Mail-format manifest.json in the plugin directory describing them.

The kernel dict offers "log"(message, level="info"), "error"(message, error=None),
"register_capability"(id, handler) or (id, capability, handler), "plugin_id", "get_plugin_id"() and
"config" (the manifest's config). A handler takes params (or capability_id, params) and may be async.
Schemas, descriptions and metadata come from the manifest's capability objects (input_schema,
output_schema, name, description, requires_auth, side_effects false = idempotent, rate_limit,
timeout_seconds, tags), else from the registered capability object. A capability id without a dot is
announced as "<plugin id>.<id>" and calls are mapped back. register() runs when the process builds the
plugin (describe mode included); a capability the manifest declares that it never registers fails
the start (exit status 3) with a reason naming it.
"""

import dataclasses
import datetime
import decimal
import enum
import inspect
import json
import os
import sys

from . import Plugin, plugin_config
from ._aio import LoopThread, await_call

__all__ = ["adapt", "kernel_api", "full_id"]

_OBJECT = {"type": "object"}


def _log_line(plugin_id, text):
    try:
        sys.stderr.write("".join("[%s] %s\n" % (plugin_id, line) for line in str(text).splitlines() or [""]))
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def full_id(plugin_id, cap_id):
    """:return: the announced id: cap_id itself when it has a dot, else "<plugin_id>.<cap_id>\""""
    return cap_id if "." in cap_id else "%s.%s" % (plugin_id, cap_id)


def kernel_api(plugin_id, registered, config):
    """The kernel dict given to register(kernel) / initialize(kernel_api); registrations land in
    `registered` (id -> (capability object or None, handler)), in order."""

    def log(message, level="info"):
        level = str(level or "info").upper()
        _log_line(plugin_id, message if level == "INFO" else "%s %s" % (level, message))

    def error(message, error=None):
        _log_line(plugin_id, "ERROR %s%s" % (message, "" if error is None else ": %s: %s" % (
            type(error).__name__, error)))

    def register_capability(capability_id, *rest):
        if len(rest) == 1:
            capability, handler = None, rest[0]
        elif len(rest) == 2:
            capability, handler = rest
        else:
            raise TypeError("register_capability(id, handler) or register_capability(id, capability, handler)")
        if not isinstance(capability_id, str) or not capability_id:
            raise ValueError("a capability id must be a non-empty string: %r" % (capability_id,))
        if not callable(handler):
            raise TypeError("the handler of %r is not callable" % capability_id)
        registered[capability_id] = (capability, handler)

    return KernelApi(log=log, error=error, register_capability=register_capability, plugin_id=plugin_id,
                     get_plugin_id=lambda: plugin_id, config=config)


class KernelApi(dict):
    """The kernel dict; its members can also be read as attributes (kernel_api.register_capability)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _takes_capability_id(fn):
    """Whether fn takes (capability_id, params) rather than (params)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return False
    return len([p for p in positional if p.default is p.empty]) >= 2


def as_output(result):
    """A result as JSON can carry it: pydantic models (their JSON-mode dump), dataclasses, enums (their
    value), dates and times (ISO 8601), Decimal (a number), tuples and sets (arrays), at any depth;
    anything else is passed on as it is."""
    return _jsonable(result, 0)


def _jsonable(value, depth):
    if value is None or isinstance(value, (str, int, float, bool)) or depth > 100:
        return value
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(getattr(k, "value", k)): _jsonable(v, depth + 1)
                for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v, depth + 1) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        return _jsonable(dump(mode="json"), depth + 1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return _jsonable(value.value, depth + 1)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def invoke(loop, ctx, what, fn, *args):
    """Calls fn(*args) on this worker thread; an awaitable result is awaited on the plugin's loop,
    bounded by the call's deadline and cancellation."""
    result = fn(*args)
    if inspect.isawaitable(result):
        return await_call(loop, ctx, what, lambda: result)
    return result


def handler_caller(local_id, handler):
    """:return: call(params) -> what the handler returns (or its awaitable)"""
    if _takes_capability_id(handler):
        return lambda params: handler(local_id, params)
    return handler


def _meta(source, name, default=None):
    if source is None:
        return default
    if isinstance(source, dict):
        return source.get(name, default)
    return getattr(source, name, default)


def declaration(cap_id, entry, capability, api_version=1):
    """add_capability's keyword arguments from a manifest entry and/or a capability object."""
    def pick(name, default=None):
        value = _meta(entry, name)
        return _meta(capability, name, default) if value is None else value

    def schema(name):
        value = pick(name)
        return value if isinstance(value, dict) and value else dict(_OBJECT)

    side_effects = pick("side_effects")
    idempotent = pick("idempotent")
    if idempotent is None:
        kind = pick("capability_type")
        kind = getattr(kind, "value", kind)
        idempotent = side_effects is False or side_effects == [] or (side_effects is None and kind == "query")
    rate = pick("rate_limit")
    timeout = pick("timeout_seconds")
    tags = pick("tags")
    name = pick("name")
    return dict(input_schema=schema("input_schema"), output_schema=schema("output_schema"),
                idempotent=bool(idempotent), requires_auth=bool(pick("requires_auth", False)),
                description=str(pick("description") or name or ""),
                rate_limit_per_minute=rate if isinstance(rate, int) and not isinstance(rate, bool) and rate >= 0
                else None,
                name=str(name) if name else None,
                tags=[str(t) for t in tags] if isinstance(tags, (list, tuple)) else None,
                timeout_ms=int(round(timeout * 1000)) if isinstance(timeout, (int, float))
                and not isinstance(timeout, bool) and timeout > 0 else None,
                api_version=api_version)


def read_manifest(plugin_dir):
    """:return: manifest.json of the plugin directory as a dict ({} when there is none)"""
    path = os.path.join(plugin_dir, "manifest.json")
    if not os.path.isfile(path):
        return {}
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    if not isinstance(manifest, dict):
        raise ValueError("%s is not a JSON object" % path)
    return manifest


def manifest_capabilities(manifest):
    """:return: local id -> capability entry (a dict) of the manifest's "capabilities", in order"""
    entries = {}
    for entry in manifest.get("capabilities") or []:
        if isinstance(entry, str):
            entries[entry] = {"id": entry}
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
            entries[entry["id"]] = entry
    return entries


def adapt(register, env):
    """Calls register(kernel) and returns the Plugin serving what it registered."""
    from ._serve import EntrypointError

    plugin_dir = os.path.abspath(env.get("DHII_PLUGIN_DIR") or os.getcwd())
    try:
        manifest = read_manifest(plugin_dir)
    except (OSError, ValueError) as e:
        raise EntrypointError("cannot read manifest.json: %s: %s" % (type(e).__name__, e)) from e
    plugin_id = env.get("DHII_PLUGIN_ID") or manifest.get("id") or os.path.basename(plugin_dir)
    try:
        config = plugin_config(env)
    except ValueError:
        config = {}  # the runner reports it and exits 3
    registered = {}
    loop = LoopThread("dhii-plugin-loop")
    try:
        returned = invoke(loop, _NoDeadline(), "register", register, kernel_api(plugin_id, registered, config))
    except BaseException as e:  # noqa: B036
        raise EntrypointError("register(kernel) failed: %s: %s" % (type(e).__name__, e)) from e

    from ._serve import build_object, serves_object
    if serves_object(returned):
        # register_plugin(kernel_api) / register(kernel_api) returning the plugin: serve that object,
        # with the handlers it registered
        return build_object(returned, env, registered, plugin_id)

    declared = manifest_capabilities(manifest)
    by_full = {full_id(plugin_id, local): local for local in registered}
    missing = [cap for cap in declared if full_id(plugin_id, cap) not in by_full]
    if missing:
        raise EntrypointError("manifest.json declares %s %s that register(kernel) never registered" % (
            "capability" if len(missing) == 1 else "capabilities", ", ".join(missing)))

    plugin = Plugin()
    entries = {full_id(plugin_id, local): entry for local, entry in declared.items()}
    for announced_id, local in by_full.items():
        capability, handler = registered[local]
        call = handler_caller(local, handler)

        def handle(data, ctx, call=call, what=announced_id):
            return as_output(invoke(loop, ctx, what, call, data))

        plugin.add_capability(announced_id, handle, **declaration(announced_id, entries.get(announced_id),
                                                                   capability))

    shutdown = getattr(returned, "shutdown", None)
    if callable(shutdown):
        @plugin.on_unload
        def unload():
            try:
                loop.run(shutdown, timeout=10.0)
            finally:
                loop.stop()
    return plugin


class _NoDeadline:
    """The context of register(): no deadline, never cancelled."""
    cancel_reason = None

    @staticmethod
    def remaining():
        return float("inf")

    @staticmethod
    def on_cancel(_callback):
        pass

