"""A process plugin run as several processes (resources.processes): says which process served a call."""
import os
import sys
import uuid

from dhii_plugin import Plugin

plugin = Plugin()
# one name per process (a pid inside the sandbox's namespace may be the same in every process)
INSTANCE = uuid.uuid4().hex
WHO = {"type": "object", "properties": {"instance": {"type": "string"}}, "required": ["instance"]}


@plugin.capability("pool.who", input_schema={"type": "object"}, output_schema=WHO, idempotent=True,
                   rate_limit_per_minute=0)
def who(input, ctx):
    return {"instance": INSTANCE}


@plugin.capability("pool.exit", input_schema={"type": "object"}, output_schema={"type": "object"})
def exit_now(input, ctx):
    sys.stderr.flush()
    os._exit(3)


if __name__ == "__main__":
    plugin.run()
