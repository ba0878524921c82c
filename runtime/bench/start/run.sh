#!/usr/bin/env bash
# Start to ready of `./dhii serve` with the bundled plugins, with the launcher's class-data archive and without
# (DHII_CDS=0): from the command to `GET /health/ready` answering 200, alternating the two, each on free
# loopback ports with a scratch data directory, polled every 20 ms without forking a process; then the medians,
# split at the runtime's first log line and at 'kernel started'. First it times a serve after removing the
# archive, as after a build: the training run that makes the archive, then the start with it.
#   runtime/bench/start/run.sh       (BENCH_RUNS, default 3; BENCH_TRAIN=0 keeps the archive there is;
#                                     DHII_JAVA_OPTS is passed on, e.g. -XX:TieredStopAtLevel=1; BENCH_PLUGINS,
#                                     default manifests: the plugin folder served, e.g. one with echo alone, to
#                                     measure what the other plugins' start costs)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
RUNS="${BENCH_RUNS:-3}"
PLUGINS="${BENCH_PLUGINS:-$ROOT/manifests}"
ARCHIVE="$ROOT/runtime/kernel/target/dhii-serve.jsa"
[ -f "$ROOT/runtime/kernel/target/dhii-runtime.jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
WORK=$(mktemp -d)
PID=""
stop() {
  if [ -n "$PID" ]; then
    kill -TERM "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=""
  fi
}
trap 'stop; rm -rf "$WORK"' EXIT

# ms since midnight of a log line's HH:MM:SS.mmm (the runtime logs local time; a run across midnight is off)
tod_ms() {
  local t=$1 h m s ms
  IFS=':.' read -r h m s ms <<<"$t"
  echo $(( ((10#$h * 60 + 10#$m) * 60 + 10#$s) * 1000 + 10#${ms:0:3} ))
}

# whether GET /health/ready on 127.0.0.1:$1 answers 200, asked with bash's own /dev/tcp: a poll every 20 ms
# forks no process (a curl each time would take CPU from the start it measures, on the same 2 cores)
ready_answer() {
  local line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 2>/dev/null || { exec 3<&-; return 1; }
  IFS= read -r -t 5 line <&3 || true
  exec 3<&-
  [[ "$line" == "HTTP/1.1 200"* ]]
}
# the 20 ms between polls, as a read that times out on a pipe nobody writes to (sleep would be a process too)
exec {NAP}<> <(:)

# one start; sets R, F and K: ms from the command to ready, to the first log line and to 'kernel started'
start_once() { # DHII_CDS value, name of the run
  local cds=$1 name=$2 port tcp log t0 tod0 t1 first kernel
  port=$(free_port)
  tcp=$(free_port)
  log="$WORK/$name.log"
  mkdir -p "$WORK/$name.data"
  read -r t0 tod0 < <(date '+%s%N %H:%M:%S.%N')
  (cd "$ROOT" && DHII_SKIP_BUILD=1 DHII_CDS="$cds" DHII_DATA_DIR="$WORK/$name.data" \
    exec ./dhii serve --port "$port" --tcp-port "$tcp" --plugins "$PLUGINS") >"$log" 2>&1 &
  PID=$!
  local ready=""
  for _ in $(seq 1 3000); do  # 60 s at most
    if ready_answer "$port"; then ready=1; break; fi
    kill -0 "$PID" 2>/dev/null || break
    read -r -t 0.02 -u "$NAP" || true
  done
  t1=$(date +%s%N)
  stop
  [ -n "$ready" ] || { echo "$name: not ready in 60 s" >&2; cat "$log" >&2; exit 1; }
  first=$(grep -m1 -o '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]*' "$log")
  kernel=$(grep -m1 'kernel started' "$log" | grep -o '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]*')
  R=$(( (t1 - t0) / 1000000 ))
  F=$(( $(tod_ms "$first") - $(tod_ms "$tod0") ))
  K=$(( $(tod_ms "$kernel") - $(tod_ms "$tod0") ))
}

median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime); plugins: $PLUGINS"
if [ "${BENCH_TRAIN:-1}" = "1" ]; then
  rm -f "$ARCHIVE" "$ARCHIVE.sum" "$ARCHIVE.failed"
  start_once 1 train
  [ -f "$ARCHIVE" ] || { echo "no archive after the first serve:" >&2; cat "$ARCHIVE.failed" >&2 2>/dev/null; exit 1; }
  echo "first serve after a build (training run, then start with the archive): $R ms to ready"
fi
declare -a cds_ready=() cds_first=() cds_kernel=() off_ready=() off_first=() off_kernel=()
for i in $(seq 1 "$RUNS"); do
  start_once 1 "cds-$i"
  cds_ready+=("$R"); cds_first+=("$F"); cds_kernel+=("$K")
  start_once 0 "off-$i"
  off_ready+=("$R"); off_first+=("$F"); off_kernel+=("$K")
done
report() { # label, ready runs, first-log runs, kernel runs
  local r f k
  r=$(echo "$2" | median); f=$(echo "$3" | median); k=$(echo "$4" | median)
  printf '%-32s median %5d ms to ready (runs: %s); first log line at %d ms, kernel started at %d ms\n' \
    "$1" "$r" "$2" "$f" "$k"
}
echo "start to ready, $RUNS runs each:"
report "with the class-data archive" "${cds_ready[*]}" "${cds_first[*]}" "${cds_kernel[*]}"
report "without (DHII_CDS=0)" "${off_ready[*]}" "${off_first[*]}" "${off_kernel[*]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
