#!/usr/bin/env bash
# MCP tools/call beside HTTP invoke of echo.echo, one runtime, one run: wrk, 2 threads, 32 connections, 15 s each.
#   runtime/bench/mcp/run.sh [BASE_URL]     (default http://127.0.0.1:8080, a running `./dhii serve`)
set -euo pipefail
BASE="${1:-http://127.0.0.1:8080}"
DIR="$(cd "$(dirname "$0")" && pwd)"
SECONDS_EACH="${BENCH_SECONDS:-15}"
SESSION=$(curl -s -D - -o /dev/null -X POST "$BASE/mcp" -H 'content-type: application/json' \
  -H 'accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')
[ -n "$SESSION" ] || { echo "no MCP session from $BASE/mcp" >&2; exit 1; }
# warm-up, then the measured runs
MCP_SESSION="$SESSION" wrk -t2 -c32 -d5s -s "$DIR/mcp_call.lua" "$BASE" >/dev/null
wrk -t2 -c32 -d5s -s "$DIR/http_invoke.lua" "$BASE" >/dev/null
echo "== MCP tools/call"
MCP_SESSION="$SESSION" wrk -t2 -c32 -d"${SECONDS_EACH}s" -s "$DIR/mcp_call.lua" "$BASE" | grep -E "Requests/sec|p99_us"
echo "== HTTP invoke"
wrk -t2 -c32 -d"${SECONDS_EACH}s" -s "$DIR/http_invoke.lua" "$BASE" | grep -E "Requests/sec|p99_us"
curl -s -o /dev/null -X DELETE "$BASE/mcp" -H "mcp-session-id: $SESSION"
