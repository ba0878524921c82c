wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = '{"text":"hello"}'
