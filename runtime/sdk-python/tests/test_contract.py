"""The contract modules in-process: one PluginCapability/PluginInterface for both Dhii-Mail main's shape
and the Plugin Framework 2.0 shape, the exceptions' codes, Context cancellation, and the SDK without
pydantic.

Run: cd runtime/sdk-python && python3 -m unittest discover -s tests -v
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import unittest

from test_sdk import EXAMPLES, SDK

try:
    import pydantic
    from pydantic import BaseModel
except ImportError:  # the typed shape's tests are skipped; the rest is standard library only
    pydantic = None
    BaseModel = object

from a2ui_integration.core import exceptions as exc  # noqa: E402
from a2ui_integration.core.plugin_contract import (CapabilityType, ExecutionContext, HealthStatus,  # noqa: E402
                                                   PluginCapability, PluginInterface, PluginManifest, PluginType)
from dhii_plugin import Context, PluginError  # noqa: E402


if pydantic is not None:
    class In(BaseModel):
        text: str

    class Out(BaseModel):
        length: int


@unittest.skipUnless(pydantic, "pydantic is not installed")
class CapabilityShapesTest(unittest.TestCase):

    def test_main_shape_positional_with_dict_schemas_and_main_defaults(self):
        cap = PluginCapability("a.b", "B", "does b", CapabilityType.QUERY, {"type": "object"})
        self.assertEqual(("a.b", "B", "does b", CapabilityType.QUERY), (cap.id, cap.name, cap.description,
                                                                         cap.capability_type))
        self.assertEqual({"type": "object"}, cap.input_schema)
        self.assertEqual({}, cap.output_schema)
        self.assertEqual((False, None, 30), (cap.requires_auth, cap.rate_limit, cap.timeout_seconds))
        self.assertEqual(CapabilityType.ACTION, PluginCapability(id="a.c", name="C", description="",
                                                                 capability_type="action").capability_type)
        with self.assertRaises(TypeError):
            PluginCapability("a.b", "B", "d", CapabilityType.QUERY, id="a.c")

    def test_seed_shape_is_a_pydantic_generic_with_schemas_from_its_models(self):
        cap = PluginCapability[In, Out](id="a.len", name="Len", description="length", input_model=In,
                                        output_model=Out, tags=["t"])
        self.assertIsInstance(cap, BaseModel)
        self.assertEqual(In.model_json_schema(), cap.input_schema)
        self.assertEqual(Out.model_json_schema(), cap.output_schema)
        self.assertEqual((True, 100, None, ["t"]), (cap.requires_auth, cap.rate_limit, cap.timeout_seconds,
                                                    cap.tags))
        with self.assertRaises(pydantic.ValidationError):
            PluginCapability[In, Out](id="a.len", name="", description="", input_model=Out, output_model=Out)
        with self.assertRaises(pydantic.ValidationError):
            PluginCapability(id="a.b", rate_limit=-1)

    def test_manifest_validation_as_main_has_it(self):
        manifest = PluginManifest(id="demo", name="Demo", version="1.0.0", plugin_type=PluginType.UTILITY,
                                  author="a", description="d",
                                  capabilities=[PluginCapability("demo.x", "X", "", CapabilityType.ACTION),
                                                PluginCapability("other.y", "Y", "", CapabilityType.ACTION)])
        self.assertEqual(["Capability other.y must start with plugin ID demo"], manifest.validate())

    def test_an_interface_needs_only_execute_capability_and_has_default_lifecycle(self):
        with self.assertRaises(TypeError):
            PluginInterface()

        class Minimal(PluginInterface):
            def execute_capability(self, capability_id, params, context=None):
                return {}

        plugin = Minimal()
        self.assertIsNone(asyncio.run(plugin.on_load({})))
        self.assertEqual("UP", asyncio.run(plugin.health_check()).status)
        self.assertIsNone(plugin.initialize({}))
        self.assertFalse(HealthStatus.down("x").healthy)
        self.assertTrue(HealthStatus.degraded("x").healthy)

    def test_execution_context_defaults(self):
        ctx = ExecutionContext(request_id="r")
        self.assertEqual((None, 30.0), (ctx.user_id, ctx.timeout))
        self.assertIsInstance(ctx.cancellation_token, asyncio.Event)
        self.assertFalse(ctx.cancelled)
        ctx.cancellation_token.set()
        self.assertTrue(ctx.cancelled)


class ExceptionsTest(unittest.TestCase):

    def test_each_exception_has_its_code_and_retry_safety(self):
        cases = [(exc.PluginError, "INTERNAL", False), (exc.PluginConfigurationError, "CONFIGURATION", False),
                 (exc.PluginAuthenticationError, "AUTHENTICATION", True),
                 (exc.PluginAuthorizationError, "AUTHORIZATION", True), (exc.PluginNetworkError, "NETWORK", True),
                 (exc.PluginValidationError, "VALIDATION", True), (exc.CapabilityNotFoundError, "NOT_FOUND", True),
                 (exc.PluginTimeoutError, "TIMEOUT", False)]
        for cls, code, nothing_done in cases:
            with self.subTest(cls=cls.__name__):
                error = cls("went wrong")
                self.assertIsInstance(error, PluginError)
                self.assertEqual({"code": code, "message": "went wrong", "nothingDone": nothing_done}, error.to_wire())
        self.assertFalse(exc.PluginNetworkError("reset after sending", nothing_done=False).nothing_done)

    def test_validation_errors_carry_violations(self):
        error = exc.PluginValidationError(violations=[{"pointer": "/a", "message": "too long"}])
        self.assertEqual({"code": "VALIDATION", "message": "/a: too long", "nothingDone": True,
                          "violations": [{"pointer": "/a", "message": "too long"}]}, error.to_wire())


class ContextCancellationTest(unittest.TestCase):

    def test_cancel_runs_callbacks_once_and_late_ones_at_once(self):
        ctx = Context(call_id="c1")
        seen = []
        ctx.on_cancel(seen.append)
        self.assertFalse(ctx.cancelled())
        self.assertFalse(ctx.wait_cancelled(0))
        ctx.cancel("TIMEOUT")
        ctx.cancel("CANCELLED")
        self.assertEqual(["TIMEOUT"], seen)
        self.assertTrue(ctx.cancelled())
        self.assertTrue(ctx.wait_cancelled(5))
        ctx.on_cancel(seen.append)
        self.assertEqual(["TIMEOUT", "TIMEOUT"], seen)


class WithoutPydanticTest(unittest.TestCase):
    """The decorator API and the dict-schema shape are standard library only."""

    def test_the_decorator_api_is_served_and_described_without_pydantic(self):
        script = ("import sys; sys.modules['pydantic'] = None\n"
                  "from dhii_plugin._serve import main\n"
                  "main(['serve', 'plugin:plugin'])\n")
        env = dict(os.environ, PYTHONPATH=str(SDK), DHII_DESCRIBE="1", DHII_PLUGIN_DIR=str(EXAMPLES / "decorator"))
        with tempfile.TemporaryDirectory() as cwd:
            done = subprocess.run([sys.executable, "-B", "-c", script], cwd=cwd, env=env, capture_output=True,
                                  text=True, timeout=30)
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertEqual("dec.echo", json.loads(done.stdout)["capabilities"][0]["id"])

    def test_the_dict_shape_of_the_contract_works_without_pydantic(self):
        script = ("import sys; sys.modules['pydantic'] = None\n"
                  "from a2ui_integration.core.plugin_contract import PluginCapability, CapabilityType\n"
                  "import a2ui_integration.core.exceptions, a2ui_integration.core.plugins\n"
                  "cap = PluginCapability('a.b', 'B', 'd', CapabilityType.ACTION, {'type': 'object'})\n"
                  "print(cap.id, cap.input_schema, cap.requires_auth, cap.timeout_seconds)\n"
                  "try:\n"
                  "    PluginCapability(id='a.c', input_model=object)\n"
                  "except RuntimeError as e:\n"
                  "    print(e)\n")
        done = subprocess.run([sys.executable, "-B", "-c", script], env=dict(os.environ, PYTHONPATH=str(SDK)),
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertEqual(["a.b {'type': 'object'} False 30", "input_model/output_model need pydantic, which is not "
                          "installed"], done.stdout.splitlines())


if __name__ == "__main__":
    unittest.main()
