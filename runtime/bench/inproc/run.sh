#!/usr/bin/env bash
# In-process dispatch beside its floor and its peer, in one run, on one core (core 1, as the shared baseline pins
# its in-process loops), the load generator in the same process as the dispatch:
#   - `./dhii bench --only "event bus"`: a raw worker, a bare event-loop -> pool -> event-loop hop (the design's
#     floor) and dhii's dispatch of echo.echo, every policy and telemetry on;
#   - Moleculer's broker.call with params validation, circuit breaker, retry and timeout (moleculer.js).
# Then the ratios of dispatch to the hop (target 0.9) and to Moleculer (target 0.5).
#   runtime/bench/inproc/run.sh          (BENCH_SECONDS, default 5; BENCH_ROUNDS, default 3; BENCH_WINDOW, default 64;
#                                         BENCH_CPU, default 1)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
DIR="$(cd "$(dirname "$0")" && pwd)"
SECS="${BENCH_SECONDS:-5}"
ROUNDS="${BENCH_ROUNDS:-3}"
WINDOW="${BENCH_WINDOW:-64}"
CPU="${BENCH_CPU:-1}"
if [ ! -d "$DIR/node_modules/moleculer" ]; then
  echo "installing moleculer into $DIR/node_modules (npm install)" >&2
  (cd "$DIR" && npm install --no-audit --no-fund --no-package-lock --silent) >&2
fi
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
(cd "$ROOT" && timeout $(( (ROUNDS * 4 + 4) * SECS + 120 )) taskset -c "$CPU" ./dhii bench --only "event bus" \
  --seconds "$SECS" --rounds "$ROUNDS" --concurrency "$WINDOW") 2>/dev/null | grep -v ' INFO ' | tee "$OUT"
(cd "$DIR" && taskset -c "$CPU" node moleculer.js "$SECS" "$ROUNDS" "$WINDOW") | tee -a "$OUT"
python3 - "$OUT" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def median(prefix):
    m = re.search(r"^  " + re.escape(prefix) + r".*?(\d+) ops/s", text, re.M)
    return int(m.group(1)) if m else None
dhii, hop = median("dhii event bus"), median("bare event bus hop")
mol = re.search(r"^median moleculer (\d+)", text, re.M)
mol = int(mol.group(1)) if mol else None
print()
if dhii and hop:
    print("dhii dispatch / bare hop:            %.2f  (target >= 0.90)" % (dhii / hop))
if dhii and mol:
    print("dhii dispatch / Moleculer broker.call: %.2f  (target >= 0.50)" % (dhii / mol))
PY
