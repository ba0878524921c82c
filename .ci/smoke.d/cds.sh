#!/usr/bin/env bash
# Class data sharing in the launcher: the first `./dhii serve` makes runtime/kernel/target/dhii-serve.jsa (its
# training run), the next one maps it, a damaged archive is never handed to the JVM but made again; every serve
# becomes ready and none prints a CDS line or a JVM warning.
set -euo pipefail
cd "$(dirname "$0")/../.."
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ARCHIVE=runtime/kernel/target/dhii-serve.jsa
TMP=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && { kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; }; rm -rf "$TMP"' EXIT
fail() { echo "smoke FAIL cds $1"; for f in "$TMP/out" "$TMP/err"; do [ -f "$f" ] && tail -n 30 "$f"; done; exit 1; }

# starts ./dhii serve, waits until /health/ready answers (60 s at most), stops it and checks what it printed
serve() { # name
  local port tcp start
  port=$(free_port)
  tcp=$(free_port)
  start=$(date +%s%N)
  DHII_SKIP_BUILD=1 DHII_DATA_DIR="$TMP/data-$1" ./dhii serve --port "$port" --tcp-port "$tcp" --plugins manifests \
    >"$TMP/out" 2>"$TMP/err" &
  PID=$!
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break
    kill -0 $PID 2>/dev/null || fail "$1: dhii serve exited"
    sleep 0.1
  done
  curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" || fail "$1: not ready in 60 s"
  READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
  kill -TERM $PID
  wait $PID || true
  PID=
  grep -q "unloading plugins" "$TMP/err" || fail "$1: no clean shutdown"
  # unified logging's [warning][cds...] lines (on stdout), HotSpot's own warnings, a crash report
  ! grep -nE '\[cds|\[warning\]|CDS|[Ss]hared archive|VM warning|^#' "$TMP/out" "$TMP/err" || fail "$1: CDS output"
}

rm -f "$ARCHIVE" "$ARCHIVE.sum" "$ARCHIVE.failed"
serve first
[ -f "$ARCHIVE" ] && [ -f "$ARCHIVE.sum" ] || fail "no archive after the first serve: $(cat "$ARCHIVE.failed" 2>/dev/null)"
made=$(cksum <"$ARCHIVE")
echo "smoke ok   cds: the first serve made the archive ($(echo "$made" | cut -d' ' -f2) bytes), ready in $READY_MS ms"

# the second serve maps it (the class-loading log, to a file, names the archive as the classes' source)
DHII_JAVA_OPTS="-Xlog:class+load=info:file=$TMP/classes.log" serve second
[ "$(cksum <"$ARCHIVE")" = "$made" ] || fail "the second serve made the archive again"
shared=$(grep -c 'source: shared objects file (top)' "$TMP/classes.log" || true)
[ "$shared" -gt 1000 ] || fail "the second serve did not use the archive ($shared classes from it)"
echo "smoke ok   cds: the second serve used it ($shared classes from the archive), ready in $READY_MS ms"

# a damaged archive (HotSpot 17 can crash mapping one): the launcher sees it no longer matches its stamp
chmod u+w "$ARCHIVE"
dd if=/dev/urandom of="$ARCHIVE" bs=65536 count=4 seek=64 conv=notrunc 2>/dev/null
serve damaged
read -r crc size _ <"$ARCHIVE.sum"  # the stamp: the archive's checksum and size, then the java
[ -f "$ARCHIVE" ] && [ "$(cksum <"$ARCHIVE")" = "$crc $size" ] || fail "the damaged archive was not made again"
echo "smoke ok   cds: a damaged archive is made again, the serve ready in $READY_MS ms and silent"

# a flight recording from the start (HotSpot 17 crashes loading an archived class under JFR's class-load hook):
# the launcher serves without the archive, so the serve becomes ready and writes its recording
DHII_JAVA_OPTS="-XX:StartFlightRecording=filename=$TMP/start.jfr" serve recording
[ -s "$TMP/start.jfr" ] || fail "recording: no recording written"
echo "smoke ok   cds: a serve with -XX:StartFlightRecording runs without the archive, ready in $READY_MS ms"
