-- wrk script: POST the same greeting input to the capability of the URL
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name": "Ada", "times": 2}'
