#!/usr/bin/env bash
# A Python process plugin (an echo written with the SDK) served by 1, 2 and 4 processes (resources.processes):
# for each, a fresh `./dhii serve` on a free loopback port, a warm-up, then wrk on its invoke route.
#   runtime/bench/process-pool/run.sh            (BENCH_SECONDS, default 10; BENCH_POOLS, default "1 2 4";
#                                                  BENCH_CONNECTIONS, default 32; BENCH_WARMUP, default 20:
#                                                  seconds of load first; then more, 10 s at a time, while the
#                                                  JVM's JIT compilers still take over 10% of a core, up to
#                                                  BENCH_WARMUP_MAX, default 120: on 2 cores the load starves
#                                                  the C2 compiler, and 20 s were not always enough)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
DIR="$(cd "$(dirname "$0")" && pwd)"
SECONDS_EACH="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
WARMUP="${BENCH_WARMUP:-20}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-120}"
# CPU ticks (1/100 s, user + system) in a /proc stat file: of a process, or of one of its threads
stat_ticks() { awk '{print $14 + $15}' "$1" 2>/dev/null || echo 0; }
# CPU ticks the JIT compiler threads of process $1 have used so far
compiler_ticks() {
  local total=0 t
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ CompilerThre*|C2\ CompilerThre*) total=$((total + $(stat_ticks "$t/stat"))) ;;
    esac
  done
  echo "$total"
}
# CPU ticks used so far by process $1 alone, and by its descendants (the plugin's processes, their sandbox)
own_ticks() { stat_ticks /proc/"$1"/stat; }
descendant_ticks() {
  local total=0 child
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    total=$((total + $(own_ticks "$child") + $(descendant_ticks "$child")))
  done
  echo "$total"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
WORK=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for POOL in ${BENCH_POOLS:-1 2 4}; do
  PLUGINS="$WORK/plugins-$POOL"
  mkdir -p "$PLUGINS/pyecho"
  cp "$DIR/pyecho.py" "$PLUGINS/pyecho/"
  sed "s/\"processes\": 1/\"processes\": $POOL/" "$DIR/manifest.json" > "$PLUGINS/pyecho/manifest.json"
  PORT=$(free_port)
  (cd "$ROOT" && DHII_SKIP_BUILD=1 exec ./dhii serve --port "$PORT" --tcp-port "$(free_port)" --plugins "$PLUGINS") \
    >"$WORK/serve-$POOL.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  URL="http://127.0.0.1:$PORT/v1/capabilities/pyecho.echo/invoke"
  curl -fs -X POST "$URL" -H 'content-type: application/json' -d '{"text":"hi"}' >/dev/null \
    || { echo "pyecho with $POOL process(es) does not answer"; cat "$WORK/serve-$POOL.log"; exit 1; }
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$DIR/invoke.lua" "$URL" >/dev/null
  WARMED=$WARMUP COMPILING="not measured: BENCH_WARMUP reached BENCH_WARMUP_MAX"
  while [ "$WARMED" -lt "$WARMUP_MAX" ]; do
    BEFORE=$(compiler_ticks $PID)
    wrk -t2 -c"$CONNECTIONS" -d10s -s "$DIR/invoke.lua" "$URL" >/dev/null
    WARMED=$((WARMED + 10))
    USED=$(( $(compiler_ticks $PID) - BEFORE ))  # ticks in 10 s: 100 is 10% of a core
    COMPILING="$((USED / 10))% of a core in the last 10 s"
    [ "$USED" -le 100 ] && break
  done
  echo "== warmed up for ${WARMED}s (the JIT compilers: $COMPILING)"
  echo "== processes: $POOL (wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s)"
  JVM_BEFORE=$(own_ticks $PID) PLUGIN_BEFORE=$(descendant_ticks $PID)
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s "$DIR/invoke.lua" "$URL" > "$WORK/wrk-$POOL.txt"
  JVM_USED=$(( $(own_ticks $PID) - JVM_BEFORE )) PLUGIN_USED=$(( $(descendant_ticks $PID) - PLUGIN_BEFORE ))
  grep -E "Requests/sec|50%|99%|Non-2xx" "$WORK/wrk-$POOL.txt"
  # CPU a call: ticks are 10 ms, so ticks * 10000 / requests is microseconds
  REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/wrk-$POOL.txt")
  [ "${REQUESTS:-0}" -gt 0 ] && echo "CPU a call: the JVM $((JVM_USED * 10000 / REQUESTS)) us, the plugin's processes $((PLUGIN_USED * 10000 / REQUESTS)) us"
  kill $PID; wait $PID 2>/dev/null || true
  PID=""
done
