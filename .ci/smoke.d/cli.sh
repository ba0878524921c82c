#!/usr/bin/env bash
# The command line through the real launcher: help, one-line usage errors with "did you mean", bench's usage,
# and `dhii link` putting a working `dhii` on a PATH directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DHII_SKIP_BUILD=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "smoke FAIL cli $1"; [ -f "$TMP/out" ] && cat "$TMP/out" "$TMP/err"; exit 1; }
run() { # expected exit code, then the command
  local want=$1; shift
  local got=0
  "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
  [ "$got" = "$want" ] || fail "$*: exit $got (want $want)"
}

run 0 ./dhii --help
grep -q '^Usage: dhii' "$TMP/out" || fail "--help: no usage"
grep -Eq '^  bench +\S' "$TMP/out" || fail "--help does not list bench"
echo "smoke ok   cli: ./dhii --help"

run 0 ./dhii plugin --help
grep -q 'create' "$TMP/out" && grep -q 'Exit codes:' "$TMP/out" || fail "plugin --help"
echo "smoke ok   cli: ./dhii plugin --help"

run 2 ./dhii plugin creat
[ "$(wc -l <"$TMP/err")" = 2 ] || fail "plugin creat: not two lines"
grep -q "^Did you mean: dhii plugin create?$" "$TMP/err" || fail "plugin creat: no did-you-mean"
echo "smoke ok   cli: ./dhii plugin creat -> exit 2, $(tail -1 "$TMP/err")"

run 0 ./dhii bench --help
grep -q '^Usage: dhii bench' "$TMP/out" && grep -q -- '--concurrency' "$TMP/out" || fail "bench --help"
run 2 ./dhii bench --secnds 1
grep -q "Did you mean: dhii bench --seconds?" "$TMP/err" || fail "bench --secnds"
echo "smoke ok   cli: ./dhii bench --help"

run 0 ./dhii link "$TMP/bin"
[ -L "$TMP/bin/dhii" ] || fail "link: no symlink"
run 0 "$TMP/bin/dhii" version
grep -q '^dhii ' "$TMP/out" || fail "version through the link"
echo "smoke ok   cli: ./dhii link $TMP/bin, then $TMP/bin/dhii version: $(cat "$TMP/out")"

run 0 bash -c 'source <(./dhii completion) && complete -p dhii'
echo "smoke ok   cli: source <(./dhii completion)"
