"""{{name}}.hello, loaded from manifest.json as the runtime loads it (dhii_plugin.testing)."""
import pytest

from dhii_plugin.testing import CallFailed, load_plugin


@pytest.fixture
def plugin():
    with load_plugin(".") as loaded:
        yield loaded


def test_greets_by_name(plugin):
    assert plugin.call("{{name}}.hello", {"name": "Ada"}) == {"text": "Hello, Ada"}


def test_a_blank_name_is_a_validation_error(plugin):
    with pytest.raises(CallFailed) as failed:
        plugin.call("{{name}}.hello", {"name": " "})
    assert failed.value.code == "VALIDATION"


def test_an_input_outside_the_schema_is_a_validation_error(plugin):
    with pytest.raises(CallFailed) as failed:
        plugin.call("{{name}}.hello", {"name": 42})
    assert failed.value.code == "VALIDATION"
