#!/usr/bin/env bash
# Hot-add under `dhii serve --watch`: a plugin created in a plugin folder AFTER the runtime is up is served
# without a restart, an edit of its plugin.py is served next, and `POST /v1/plugins/rescan` needs an admin token.
set -euo pipefail
cd "$(dirname "$0")/../.."
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port)
TCP_PORT=$(free_port)
TMP=$(mktemp -d)
LOG="$TMP/serve.log"
# plugins/ does not exist yet: the watch waits for it on its parent
DHII_SKIP_BUILD=1 ./dhii serve --watch --port "$PORT" --tcp-port "$TCP_PORT" --plugins "manifests,$TMP/plugins" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
B="http://127.0.0.1:$PORT"
for _ in $(seq 1 240); do
  curl -fs "$B/health/live" >/dev/null 2>&1 && break
  kill -0 $PID 2>/dev/null || { cat "$LOG"; echo "smoke FAIL hotadd: dhii serve exited"; exit 1; }
  sleep 0.5
done
fail() { echo "smoke FAIL hotadd $1"; tail -n 60 "$LOG"; exit 1; }
# polls until hello.hello answers $1, for at most $2 seconds; prints how long it took
served() {
  local want=$1 limit=$2 start now
  start=$(date +%s%N)
  while :; do
    if curl -s -X POST "$B/v1/capabilities/hello.hello/invoke" -H 'content-type: application/json' -d '{"name":"Ada"}' \
        | grep -q "\"result\":{\"text\":\"$want\"}"; then
      now=$(date +%s%N); echo $(( (now - start) / 1000000 )); return 0
    fi
    now=$(date +%s%N)
    [ $(( (now - start) / 1000000000 )) -lt "$limit" ] || return 1
    sleep 0.05
  done
}
curl -s -o "$TMP/before" -X POST "$B/v1/capabilities/hello.hello/invoke" -H 'content-type: application/json' -d '{"name":"Ada"}'
grep -q '"NOT_FOUND"' "$TMP/before" || fail "before create: $(cat "$TMP/before")"
DHII_SKIP_BUILD=1 ./dhii plugin create hello --lang python --dir "$TMP/plugins" >/dev/null
# the first start makes the plugin's virtual environment from requirements.txt (reused afterwards)
MS=$(served "Hello, Ada" 240) || fail "created plugin not served without a restart"
echo "smoke ok   hotadd: a plugin created after the start is served (${MS} ms after create)"
sed -i 's/Hello, /Howdy, /' "$TMP/plugins/hello/plugin.py"
MS=$(served "Howdy, Ada" 15) || fail "edited plugin.py not served"
echo "smoke ok   hotadd: plugin.py edited in place is served (${MS} ms after the write)"
code=$(curl -s -o "$TMP/anon" -w '%{http_code}' -X POST "$B/v1/plugins/rescan")
[ "$code" = 401 ] || fail "rescan without a token: HTTP $code $(cat "$TMP/anon")"
code=$(curl -s -o "$TMP/admin" -w '%{http_code}' -X POST -H "authorization: Bearer $(DHII_SKIP_BUILD=1 ./dhii token --role admin)" "$B/v1/plugins/rescan")
[ "$code" = 200 ] || fail "rescan with an admin token: HTTP $code $(cat "$TMP/admin")"
grep -q '"added":\[\]' "$TMP/admin" || fail "rescan found changes: $(cat "$TMP/admin")"
echo "smoke ok   hotadd: rescan 401 without a token, 200 $(head -c 120 "$TMP/admin")"
rm -rf "$TMP/plugins/hello"
for _ in $(seq 1 100); do
  curl -s "$B/v1/plugins/hello" | grep -q NOT_FOUND && break
  sleep 0.1
done
curl -s "$B/v1/plugins/hello" | grep -q NOT_FOUND || fail "removed plugin still listed"
echo "smoke ok   hotadd: a removed plugin directory is unloaded"
