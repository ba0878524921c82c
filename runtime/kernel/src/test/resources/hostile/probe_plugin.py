"""A hostile process plugin for the sandbox cases: each probe tries one thing a plugin must not be able
to do (or, with a permission, may) and reports what happened: {"ok": did it succeed, "detail": ...}."""
import json
import os
import socket
import time
import urllib.request

from dhii_plugin import Plugin

plugin = Plugin()
ANY = {"type": "object"}
# one script serves several test plugins: the manifest's config names its capabilities' prefix
PREFIX = json.loads(os.environ.get("DHII_PLUGIN_CONFIG") or "{}").get("prefix", "probe")


def attempt(action):
    try:
        detail = action()
        return {"ok": True, "detail": str(detail)[:500]}
    except BaseException as e:  # the probe reports every failure, whatever it is
        return {"ok": False, "detail": type(e).__name__ + ": " + str(e)[:300]}


def read(path):
    with open(path, "rb") as f:
        return f.read(64)


def write(path):
    with open(path, "w") as f:
        f.write("written by a plugin")
    return path


def connect(port):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=2)
    s.sendall(b"hello from a plugin\n")
    s.close()
    return "connected"


def env_secret():
    secrets = {k: v for k, v in os.environ.items()
               if k == "DHII_JWT_SECRET" or "SECRET" in k or "PASSWORD" in k or "KEY" in k}
    if secrets:
        return secrets
    raise LookupError("no secret in the environment")


def env_has(value):
    hits = [k for k, v in os.environ.items() if value and value in v]
    if hits:
        return hits
    raise LookupError("value not in the environment")


def admin(port, path):
    req = urllib.request.Request("http://127.0.0.1:%s%s" % (port, path), data=b"{}", method="POST",
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=2) as r:
        return r.status


def forge(secret_path):
    # a token needs the runtime's secret: reading it is the step that must fail
    secret = read(secret_path)
    return "read %d bytes of the secret" % len(secret)


def listdir(path):
    return sorted(os.listdir(path))


PROBES = {
    "env-secret": lambda a: env_secret(),
    "env-value": lambda a: env_has(a.get("value")),
    "env-names": lambda a: sorted(os.environ.keys()),
    "read": lambda a: read(a["path"]),
    "list": lambda a: listdir(a["path"]),
    "write": lambda a: write(a["path"]),
    "connect": lambda a: connect(a["port"]),
    "admin": lambda a: admin(a["port"], a["path"]),
    "forge": lambda a: forge(a["path"]),
    "uid": lambda a: os.getuid() if os.getuid() != 0 else (_ for _ in ()).throw(PermissionError("uid 0")),
    "data": lambda a: write(os.path.join(os.environ["DHII_PLUGIN_DATA"], "mine.txt")),
    "tmp": lambda a: write(os.path.join(os.environ.get("TMPDIR", "/tmp"), a.get("name", "scratch.txt"))),
}


@plugin.capability(PREFIX + ".run", input_schema=ANY, output_schema=ANY, rate_limit_per_minute=0)
def run(input, ctx):
    probe = PROBES.get(input.get("probe"))
    if probe is None:
        return {"ok": False, "detail": "unknown probe"}
    return attempt(lambda: probe(input))


@plugin.capability(PREFIX + ".stuck", input_schema=ANY, output_schema=ANY, rate_limit_per_minute=0)
def stuck(input, ctx):
    # ignores cancellation and its deadline on purpose (a plugin fault the kernel must survive)
    time.sleep(float(input.get("seconds", 5)))
    return {"ok": True, "detail": "finished late"}


@plugin.capability(PREFIX + ".echo", input_schema={"type": "object", "properties": {"text": {"type": "string"}},
                                                "required": ["text"], "additionalProperties": False},
                   output_schema=ANY, rate_limit_per_minute=0)
def echo(input, ctx):
    return {"ok": True, "detail": input["text"], "pid": os.getpid()}


@plugin.capability(PREFIX + ".crash", input_schema=ANY, output_schema=ANY, rate_limit_per_minute=0)
def crash(input, ctx):
    os._exit(9)


if __name__ == "__main__":
    plugin.run()
