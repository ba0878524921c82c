"""The official MCP Python SDK (the `mcp` package) against `./dhii serve` with the bundled plugins (.ci/smoke).

Usage: served_client.py BASE_URL [DHII_LAUNCHER]
Over Streamable HTTP at BASE_URL/mcp, and, when DHII_LAUNCHER (the ./dhii script) is given, also over stdio through
`dhii mcp --url BASE_URL` as a desktop MCP host runs it. Each time it checks that every capability of /v1/capabilities is listed with both schemas, that echo.echo answers with
structured output, and that bad input is an isError result naming the field. Exits 0 only when all hold.
"""
import asyncio
import json
import sys
import urllib.request

from mcp import Client
from mcp.client.stdio import StdioServerParameters

BASE = sys.argv[1]
LAUNCHER = sys.argv[2] if len(sys.argv) > 2 else None
failed = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)), flush=True)
    if not condition:
        failed.append(name)


async def main():
    await run("http", BASE + "/mcp")
    if LAUNCHER:
        await run("stdio", StdioServerParameters(command=LAUNCHER, args=["mcp", "--url", BASE],
                                                 env={"DHII_SKIP_BUILD": "1"}))
    return 1 if failed else 0


async def run(transport, server):
    with urllib.request.urlopen(BASE + "/v1/capabilities", timeout=30) as response:
        listing = json.load(response)
    entries = listing.get("capabilities", listing) if isinstance(listing, dict) else listing
    served = sorted(c["id"] for c in entries if c.get("state", "READY") == "READY")
    async with Client(server, read_timeout_seconds=30) as client:
        tools, cursor = [], None
        while True:
            page = await client.list_tools(cursor=cursor)
            tools.extend(page.tools)
            cursor = page.next_cursor
            if cursor is None:
                break
        names = sorted(t.name for t in tools)
        check(transport + ": " + "every served capability listed", set(served) <= set(names), (served, names))
        check(transport + ": " + "both schemas on every tool", all(t.input_schema and t.output_schema for t in tools),
              [t.name for t in tools if not (t.input_schema and t.output_schema)])
        result = await client.call_tool("echo.echo", {"text": "hi"})
        check(transport + ": " + "echo.echo: structured output", not result.is_error and (result.structured_content or {}).get("text") == "hi",
              result)
        bad = await client.call_tool("echo.echo", {"text": 5})
        error = (bad.structured_content or {}).get("error", {})
        pointers = [v.get("pointer") for v in (error.get("details") or {}).get("violations", [])]
        check(transport + ": " + "bad input: isError naming the field", bad.is_error and error.get("code") == "VALIDATION" and "/text" in pointers,
              bad)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
