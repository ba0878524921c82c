"""A process plugin for the kernel's tests: echo, typed failures, a crash, a bad output, a slow call."""
import json
import os
import sys
import time

from dhii_plugin import Plugin, NetworkError, ValidationError

plugin = Plugin()
# one script serves several test plugins: the manifest's config names its capabilities' prefix
PREFIX = json.loads(os.environ.get("DHII_PLUGIN_CONFIG") or "{}").get("prefix", "py")
TEXT = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}


@plugin.on_load
def load(config):
    # the test finds the process through this file; config comes from the manifest
    # the plugin directory is read-only (sandbox): the data directory is the one it writes
    with open(os.path.join(os.environ.get("DHII_PLUGIN_DATA", os.getcwd()), "pid-" + str(config.get("tag", "x"))), "a") as f:
        f.write(str(os.getpid()) + "\n")


@plugin.capability(PREFIX + ".echo", input_schema=TEXT, output_schema=TEXT, idempotent=True, description="Echoes",
                   rate_limit_per_minute=0)
def echo(input, ctx):
    return {"text": input["text"]}


@plugin.capability(PREFIX + ".fail", input_schema={"type": "object", "properties": {"how": {"type": "string"}}},
                   output_schema={"type": "object"})
def fail(input, ctx):
    how = input.get("how")
    if how == "validation":
        raise ValidationError("the text is not a greeting")
    if how == "network":
        raise NetworkError("the upstream server refused", nothing_done=False)
    if how == "crash":
        sys.stderr.flush()
        os._exit(7)
    if how == "badoutput":
        return {"text": 42}
    raise RuntimeError("boom")


@plugin.capability(PREFIX + ".badout", input_schema={"type": "object"}, output_schema=TEXT)
def badout(input, ctx):
    return {"text": 42}


@plugin.capability(PREFIX + ".slow", input_schema={"type": "object"}, output_schema={"type": "object"})
def slow(input, ctx):
    # a plugin that overruns its deadline by far (its own behaviour, not a test's synchronisation):
    # the kernel's TIMEOUT must answer first
    time.sleep(ctx.remaining() + 2)
    return {}


@plugin.capability(PREFIX + ".hog", input_schema={"type": "object"}, output_schema={"type": "object"})
def hog(input, ctx):
    # holds far more memory than its manifest's maxMemoryMb allows, until its deadline
    ballast = bytearray(200 * 1024 * 1024)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1  # touch every page: resident, not only reserved
    time.sleep(ctx.remaining() + 2)
    return {"held": len(ballast)}


if PREFIX == "py":
    @plugin.capability(PREFIX + ".progress", input_schema={"type": "object"}, output_schema={"type": "object"})
    def progress(input, ctx):
        # three reports, one that does not grow (dropped by the runtime), then the result
        for step in (1, 2, 2, 3):
            ctx.report_progress(step, 3, "step %d" % step)
        return {"steps": 3}


if __name__ == "__main__":
    plugin.run()
