#!/usr/bin/env bash
# A Node.js plugin from its scaffold to a served call: create --lang node, its own test (npm test: node --test),
# validate (describe mode), served by `./dhii serve --plugins ...`, called with curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v node >/dev/null || { echo "smoke FAIL node: node is not installed (apt-get install -y nodejs npm, .ci/install)"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port)
TCP_PORT=$(free_port)
PLUGDIR=$(mktemp -d)
LOG=$(mktemp)
BODY=$(mktemp)
PID=
trap '[ -n "$PID" ] && { kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; }; rm -rf "$PLUGDIR" "$LOG" "$BODY"' EXIT

DHII_SKIP_BUILD=1 ./dhii plugin create hello-node --lang node --dir "$PLUGDIR" >/dev/null
echo "smoke ok   node-create: $(ls "$PLUGDIR/hello-node" | tr '\n' ' ')"
(cd "$PLUGDIR/hello-node" && NO_UPDATE_NOTIFIER=1 npm_config_update_notifier=false npm test >"$LOG" 2>&1) \
  || { cat "$LOG"; echo "smoke FAIL node-test: npm test"; exit 1; }
echo "smoke ok   node-test: npm test, $(grep -E '^# pass' "$LOG")"
DHII_SKIP_BUILD=1 ./dhii plugin validate "$PLUGDIR/hello-node" >"$LOG" 2>&1 || { cat "$LOG"; echo "smoke FAIL node-validate"; exit 1; }
echo "smoke ok   node-validate: $(cat "$LOG")"

DHII_SKIP_BUILD=1 ./dhii serve --port "$PORT" --tcp-port "$TCP_PORT" --plugins "$PLUGDIR" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 $PID 2>/dev/null || { cat "$LOG"; echo "smoke FAIL node-serve: dhii serve exited"; exit 1; }
  sleep 0.5
done
B="http://127.0.0.1:$PORT"
got=$(curl -s -o "$BODY" -w '%{http_code}' -X POST "$B/v1/capabilities/hello-node.hello/invoke" \
  -H 'content-type: application/json' -d '{"name":"Ada"}')
[ "$got" = 200 ] && grep -q '"result":{"message":"Hello, Ada!"}' "$BODY" \
  || { echo "smoke FAIL node-call: HTTP $got $(cat "$BODY")"; cat "$LOG"; exit 1; }
echo "smoke ok   node-call: HTTP $got $(head -c 160 "$BODY")"
got=$(curl -s -o "$BODY" -w '%{http_code}' -X POST "$B/v1/capabilities/hello-node.hello/invoke" \
  -H 'content-type: application/json' -d '{}')
[ "$got" = 400 ] && grep -q '"code":"VALIDATION"' "$BODY" || { echo "smoke FAIL node-validation: HTTP $got $(cat "$BODY")"; exit 1; }
echo "smoke ok   node-validation: HTTP $got"
