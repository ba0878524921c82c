-- wrk script: POST tools/call of echo.echo to /mcp in the session named by the MCP_SESSION environment variable
local session = os.getenv("MCP_SESSION")
local n = 0
request = function()
  n = n + 1
  local body = '{"jsonrpc":"2.0","id":' .. n .. ',"method":"tools/call","params":{"name":"echo.echo","arguments":{"text":"hello"}}}'
  return wrk.format("POST", "/mcp", {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["MCP-Protocol-Version"] = "2025-11-25",
    ["Mcp-Session-Id"] = session }, body)
end
done = function(summary, latency, requests)
  io.write(string.format("p99_us=%d requests=%d errors=%d\n", latency:percentile(99), summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
