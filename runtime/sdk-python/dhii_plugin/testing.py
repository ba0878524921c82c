"""Tests of a process plugin, in-process: the plugin loaded from its manifest as `python -m dhii_plugin serve`
loads it, its capabilities called as the runtime calls them.

    from dhii_plugin.testing import load_plugin, CallFailed

    def test_hello():
        with load_plugin(".") as plugin:                       # the directory holding manifest.json
            assert plugin.call("greeter.hello", {"name": "Ada"}) == {"text": "Hello, Ada"}
            with pytest.raises(CallFailed) as failed:
                plugin.call("greeter.hello", {"name": " "})
            assert failed.value.code == "VALIDATION"

Every form the SDK serves works (the decorator API, the pydantic contract, v1, Glass Wall). A call gets
what the runtime's wire would carry: the output object, or a CallFailed with the error code and message
the caller would see (INTERNAL, with a plain message, for an exception that is not a PluginError). The
manifest must declare exactly the capabilities the code announces, as `dhii plugin validate` checks.
The runtime's own JSON Schema check of inputs and outputs is not repeated here (the pydantic contract
checks its models itself); `dhii plugin test DIR` runs the plugin in a real runtime for that.
"""
import json
import os
import sys
import time

from . import Context, PluginError
from . import _serve
from ._runner import _describe, _resolve

__all__ = ["CallFailed", "PluginHarness", "load_plugin"]


class CallFailed(Exception):
    """A failed call: code (VALIDATION, NOT_FOUND, INTERNAL...), message, nothing_done."""

    def __init__(self, code, message, nothing_done=False):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.nothing_done = nothing_done


class PluginHarness:
    """One loaded plugin. Use load_plugin(); close() (or the with block) runs its unload hook."""

    def __init__(self, plugin_dir=".", config=None):
        self.plugin_dir = os.path.abspath(plugin_dir)
        manifest_file = os.path.join(self.plugin_dir, "manifest.json")
        with open(manifest_file, encoding="utf-8") as f:
            self.manifest = json.load(f)
        self.plugin_id = self.manifest.get("id") or os.path.basename(self.plugin_dir)
        entrypoint = self.manifest.get("entrypoint")
        if not entrypoint:
            raise ValueError("%s names no entrypoint (MODULE:ATTRIBUTE)" % manifest_file)
        settings = dict(self.manifest.get("config") or {})
        settings.update(config or {})
        env = dict(os.environ, DHII_PLUGIN_ID=self.plugin_id, DHII_PLUGIN_DIR=self.plugin_dir,
                   DHII_PLUGIN_CONFIG=json.dumps(settings))
        saved = list(sys.path)
        try:
            self.plugin = _serve.build(_serve.load(entrypoint, self.plugin_dir, env), env)
        finally:
            sys.path[:] = [self.plugin_dir] + [p for p in saved if p != self.plugin_dir]
        if self.plugin._on_load is not None:
            _resolve(self.plugin._on_load(settings))
        announced = sorted(c["id"] for c in self.plugin.announced())
        declared = sorted(self.manifest.get("capabilities") or [])
        if announced != declared:
            raise ValueError("the plugin announces %s but manifest.json declares %s" % (announced, declared))
        self._closed = False

    def capabilities(self):
        """:return: what the plugin announces, by id: {"inputSchema":..., "outputSchema":..., ...}"""
        return {c["id"]: c for c in self.plugin.announced()}

    def call(self, capability, input=None, user_id=None, timeout=10.0):
        """Calls a capability as the runtime does.

        :return: the output object
        :raises CallFailed: with the code and message the caller would get
        """
        if self._closed:
            raise RuntimeError("the plugin is closed")
        cap = self.plugin._capabilities.get(capability)
        if cap is None:
            raise CallFailed("NOT_FOUND", "plugin %s has no capability %s" % (self.plugin_id, capability), True)
        ctx = Context(plugin_id=self.plugin_id, capability=capability, request_id="test-%d" % time.monotonic_ns(),
                      user_id=user_id, deadline=time.time() + timeout)
        try:
            output = _resolve(cap.handler({} if input is None else input, ctx))
        except PluginError as e:
            raise CallFailed(e.code, e.message, e.nothing_done) from e
        except Exception as e:
            sys.stderr.write("%s failed: %s\n" % (capability, _describe(e)))
            raise CallFailed("INTERNAL", "the plugin failed unexpectedly", False) from e
        if not isinstance(output, dict):
            raise CallFailed("INTERNAL", "%s returned %s instead of an object" % (capability, type(output).__name__))
        return json.loads(json.dumps(output))  # what crosses the wire: JSON only

    def health(self):
        """:return: the plugin's health as the runtime reads it: {"status": "UP"} or {"status": "DOWN", "detail": ...}"""
        hook = self.plugin._health
        if hook is None:
            return {"status": "UP"}
        try:
            result = _resolve(hook())
        except Exception as e:
            return {"status": "DOWN", "detail": _describe(e)}
        detail = None
        if isinstance(result, (tuple, list)):
            up = bool(result[0]) if result else False
            detail = str(result[1]) if len(result) > 1 and result[1] is not None else None
        else:
            up = result is None or bool(result)
        status = {"status": "UP" if up else "DOWN"}
        if detail is not None or not up:
            status["detail"] = detail or "the health check failed"
        return status

    def close(self):
        """Runs the plugin's unload hook (once)."""
        if not self._closed:
            self._closed = True
            if self.plugin._on_unload is not None:
                _resolve(self.plugin._on_unload())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def load_plugin(plugin_dir=".", config=None):
    """Loads the plugin in plugin_dir (its manifest.json's entrypoint) with its manifest's config, updated
    with config, and runs its load hook.

    :return: a PluginHarness (a context manager)
    """
    return PluginHarness(plugin_dir, config)
