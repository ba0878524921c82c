#!/usr/bin/env bash
# Signed bundles end to end: keygen, bundle --sign, install under requireSigned with the key trusted, an unsigned
# bundle refused, then `dhii serve` with that configuration serves the bundled plugins and the signed one, and
# reports a plugin changed after install as FAILED with its reason.
set -euo pipefail
cd "$(dirname "$0")/../.."
dhii() { DHII_SKIP_BUILD=1 ./dhii "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
fail() { echo "smoke FAIL signing $1"; [ -n "${LOG:-}" ] && [ -f "$LOG" ] && cat "$LOG"; exit 1; }
WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && { kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; }; rm -rf "$WORK"' EXIT

dhii plugin keygen --out "$WORK/release" >"$WORK/keygen.out" || fail "keygen: $(cat "$WORK/keygen.out")"
KEY_ID=$(sed -n 's/^Key id: //p' "$WORK/keygen.out")
[ "$(stat -c %a "$WORK/release.key")" = 600 ] || fail "keygen: release.key is not mode 600"
echo "smoke ok   signing keygen: key $KEY_ID, release.key mode 600"

for name in signedhello tamperme; do
  dhii plugin create "$name" --lang python --dir "$WORK/src" >/dev/null
  rm -f "$WORK/src/$name/requirements.txt" # the base interpreter serves it: no virtual environment to build
  dhii plugin bundle "$WORK/src/$name" --out "$WORK/$name.zip" --sign "$WORK/release.key" >"$WORK/bundle.out" \
    || fail "bundle --sign: $(cat "$WORK/bundle.out")"
done
python3 -c 'import sys, zipfile; assert "SHA256SUMS.sig" in zipfile.ZipFile(sys.argv[1]).namelist()' "$WORK/signedhello.zip" \
  || fail "bundle --sign: no SHA256SUMS.sig in the zip"
echo "smoke ok   signing bundle --sign: $(grep Wrote "$WORK/bundle.out")"

PORT=$(free_port)
TCP_PORT=$(free_port)
cat >"$WORK/runtime.json" <<JSON
{"http": {"port": $PORT}, "tcpBridge": {"port": $TCP_PORT},
 "plugins": {"directories": ["manifests", "$WORK/plugins"], "dataDirectory": "$WORK/data",
             "trust": {"requireSigned": true, "publicKeys": ["$WORK/release.pub"]}}}
JSON
for name in signedhello tamperme; do
  dhii plugin install "$WORK/$name.zip" --conf "$WORK/runtime.json" >"$WORK/install.out" 2>&1 \
    || fail "install of a signed bundle: $(cat "$WORK/install.out")"
done
grep -q "Signature verified: signed by trusted key $KEY_ID" "$WORK/install.out" || fail "install: $(cat "$WORK/install.out")"
[ -f "$WORK/plugins/signedhello/SHA256SUMS.sig" ] || fail "install: SHA256SUMS.sig not kept"
echo "smoke ok   signing install (requireSigned, key trusted): $(grep Signature "$WORK/install.out")"

dhii plugin bundle "$WORK/src/signedhello" --out "$WORK/unsigned.zip" >/dev/null
set +e
dhii plugin install "$WORK/unsigned.zip" --conf "$WORK/runtime.json" --force >"$WORK/unsigned.out" 2>&1
CODE=$?
set -e
[ "$CODE" = 1 ] || fail "unsigned install: exit $CODE (want 1): $(cat "$WORK/unsigned.out")"
grep -q "refused, the bundle is not signed (no SHA256SUMS.sig) and plugins.trust.requireSigned is on" "$WORK/unsigned.out" \
  || fail "unsigned install: $(cat "$WORK/unsigned.out")"
echo "smoke ok   signing unsigned refused: exit 1, $(grep refused "$WORK/unsigned.out")"

# changed after install: the load-time check refuses it
echo "# changed after signing" >>"$WORK/plugins/tamperme/plugin.py"

LOG="$WORK/serve.log"
# the launcher itself in the background (it execs the JVM), not the dhii function: $! is then the JVM, which the kill
# below and the EXIT trap stop (a function runs in a subshell, whose death left the JVM serving)
DHII_SKIP_BUILD=1 ./dhii serve --conf "$WORK/runtime.json" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && break
  kill -0 $PID 2>/dev/null || fail "serve exited"
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 || fail "serve did not answer in 300 s"
B="http://127.0.0.1:$PORT"
BODY=$(curl -s -X POST "$B/v1/capabilities/echo.echo/invoke" -H 'content-type: application/json' -d '{"text":"hi"}' || true)
echo "$BODY" | grep -q '"result":{"text":"hi"}' || fail "bundled echo under requireSigned: $BODY"
echo "smoke ok   signing serve: the bundled manifests/ plugins load under requireSigned"
BODY=$(curl -s -X POST "$B/v1/capabilities/signedhello.hello/invoke" -H 'content-type: application/json' -d '{"name":"Ada"}' || true)
echo "$BODY" | grep -q '"result":{"text":"Hello, Ada"}' || fail "signed plugin call: $BODY"
echo "smoke ok   signing serve: the signed plugin answers $BODY"
ADMIN=$(dhii token --role admin --sub smoke --conf "$WORK/runtime.json") # the cause is shown to admins
BODY=$(curl -s -H "authorization: Bearer $ADMIN" "$B/v1/plugins/tamperme" || true)
echo "$BODY" | python3 -c 'import json,sys; p=json.load(sys.stdin); assert p["state"]=="FAILED" and "tampered after signing" in p["cause"], p' \
  || fail "tampered plugin: $BODY"
echo "smoke ok   signing serve: the plugin changed after install is FAILED: $(echo "$BODY" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cause"])')"
kill -TERM $PID; wait $PID || true
PID=
echo "smoke signing: 7 passed, 0 failed"
