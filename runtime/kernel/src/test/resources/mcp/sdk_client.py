"""Drives the official MCP Python SDK (the `mcp` package) against a listening Dhii runtime's /mcp.

Usage: sdk_client.py BASE_URL ADMIN_AUTHORIZATION HOLD_KEY
Prints one line per check and `N passed, N failed` at the end; exits 0 only when every check passed.
"""
import asyncio
import json
import sys
import urllib.request

import anyio
import mcp_types as types
from mcp import Client
from mcp.shared.exceptions import MCPError

BASE, ADMIN, HOLD_KEY = sys.argv[1], sys.argv[2], sys.argv[3]
URL = BASE + "/mcp"
results = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    results["passed" if condition else "failed"] += 1
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)), flush=True)


def admin_post(path):
    request = urllib.request.Request(BASE + path, data=b"{}", method="POST",
                                     headers={"authorization": ADMIN, "content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


async def list_all(client):
    tools, cursor, pages = [], None, 0
    while True:
        page = await client.list_tools(cursor=cursor, cache_mode="bypass")
        tools.extend(page.tools)
        pages += 1
        cursor = page.next_cursor
        if cursor is None or pages > 50:
            return tools, pages


async def main():
    changed = anyio.Event()

    async def on_message(message):
        if isinstance(message, types.ToolListChangedNotification):
            changed.set()

    async with Client(URL, message_handler=on_message, read_timeout_seconds=30) as client:
        check("negotiated a handshake revision", client.protocol_version in ("2025-11-25", "2025-06-18", "2025-03-26"),
              client.protocol_version)
        check("server info", client.server_info is not None and client.server_info.name == "dhii", client.server_info)
        check("instructions", bool(client.instructions) and "isError" in client.instructions, client.instructions)
        check("tools capability with listChanged", client.server_capabilities.tools is not None
              and client.server_capabilities.tools.list_changed is True, client.server_capabilities)
        await client.send_ping()
        check("ping", True)

        tools, pages = await list_all(client)
        by_name = {t.name: t for t in tools}
        check("tools/list pages", pages >= 2, pages)
        check("every capability listed once", sorted(by_name) == sorted(t.name for t in tools)
              and {"fx.echo", "fx.secure", "ws.hold", "mcpfx.progress", "mcpfx.delete_note"} <= set(by_name), sorted(by_name))
        echo = by_name.get("fx.echo")
        check("both schemas", echo is not None and echo.input_schema.get("type") == "object"
              and echo.output_schema is not None and "text" in echo.output_schema.get("properties", {}), echo)
        check("annotations", echo is not None and echo.annotations is not None and echo.annotations.idempotent_hint is True
              and by_name["mcpfx.delete_note"].annotations.destructive_hint is True, echo and echo.annotations)

        result = await client.call_tool("fx.echo", {"text": "hello"})
        check("call: structured output", not result.is_error and result.structured_content == {"text": "hello"}, result)
        check("call: text block", result.content and json.loads(result.content[0].text) == {"text": "hello"}, result.content)

        bad = await client.call_tool("fx.echo", {"text": 5})
        error = (bad.structured_content or {}).get("error", {})
        check("bad input: isError with VALIDATION", bad.is_error and error.get("code") == "VALIDATION", bad)
        violations = (error.get("details") or {}).get("violations", [])
        check("bad input: names the field", any(v.get("pointer") == "/text" for v in violations), error)

        secure = await client.call_tool("fx.secure", {"text": "x"})
        check("auth required: isError AUTHENTICATION", secure.is_error
              and (secure.structured_content or {}).get("error", {}).get("code") == "AUTHENTICATION", secure)

        try:
            await client.call_tool("fx.nothing", {})
            check("unknown tool: JSON-RPC error", False, "no error")
        except MCPError as e:
            check("unknown tool: JSON-RPC error", e.code == -32602, e)

        steps = []

        async def on_progress(progress, total, message):
            steps.append((progress, total, message))

        done = await client.call_tool("mcpfx.progress", {"text": "p"}, progress_callback=on_progress)
        check("progress notifications", not done.is_error and [s[0] for s in steps] == [1.0, 2.0, 3.0]
              and steps[-1][1] == 3.0, steps)

        with anyio.move_on_after(1.5) as scope:
            await client.call_tool("ws.hold", {"text": HOLD_KEY})
        check("cancellation: the held call was abandoned", scope.cancelled_caught)

        outputs = await asyncio.gather(*[client.call_tool("fx.echo", {"text": "c", "n": i}) for i in range(50)])
        check("50 concurrent calls", all(not r.is_error and r.structured_content == {"text": "c", "n": i}
                                         for i, r in enumerate(outputs)), [r for r in outputs if r.is_error][:1])

        status = admin_post("/v1/plugins/fx/redeploy")
        with anyio.move_on_after(20):
            await changed.wait()
        check("list_changed on redeploy", status == 200 and changed.is_set(), status)
        again, _ = await list_all(client)
        check("tools listed after redeploy", "fx.echo" in {t.name for t in again})

    print(f"{results['passed']} passed, {results['failed']} failed", flush=True)
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
