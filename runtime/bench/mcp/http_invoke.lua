-- wrk script: POST /v1/capabilities/echo.echo/invoke, the same input as mcp_call.lua
wrk.method = "POST"
wrk.path = "/v1/capabilities/echo.echo/invoke"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text":"hello"}'
done = function(summary, latency, requests)
  io.write(string.format("p99_us=%d requests=%d errors=%d\n", latency:percentile(99), summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
