"""The benchmark's Python process plugin: an echo written with the SDK."""
from dhii_plugin import Plugin

plugin = Plugin()
TEXT = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}


@plugin.capability("pyecho.echo", input_schema=TEXT, output_schema=TEXT, idempotent=True, rate_limit_per_minute=0)
def echo(input, ctx):
    return {"text": input["text"]}


if __name__ == "__main__":
    plugin.run()
