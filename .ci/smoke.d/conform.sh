#!/usr/bin/env bash
# dhii plugin test on every bundled plugin, through the launcher: each must pass (exit 0) and write its
# JSON report. The runs start their own runtimes in-process on free ports of 127.0.0.1; the email plugin
# talks to the loopback ports of its manifest, where nothing listens in CI, so its calls answer typed errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for plugin in echo email calendar; do
  if ! DHII_SKIP_BUILD="${DHII_SKIP_BUILD:-1}" ./dhii plugin test "manifests/$plugin" --report "$work/$plugin.json" \
      >"$work/$plugin.out" 2>"$work/$plugin.err"; then
    echo "smoke FAIL dhii plugin test manifests/$plugin" >&2
    grep -v '^PASS ' "$work/$plugin.out" >&2 || true
    tail -n 20 "$work/$plugin.err" >&2
    exit 1
  fi
  grep -q '"ok" : true' "$work/$plugin.json"
  echo "smoke ok   dhii plugin test manifests/$plugin: $(tail -n 1 "$work/$plugin.out")"
done
