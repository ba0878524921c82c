#!/usr/bin/env bash
# The scaffolds, through the launcher: `dhii plugin create` of a Java and a Python plugin, each built and tested
# as the commands create prints say, then both served by `dhii serve` and called with `dhii invoke`.
set -euo pipefail
cd "$(dirname "$0")/../.."
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "smoke FAIL scaffold: $*"; exit 1; }
dhii() { DHII_SKIP_BUILD=1 ./dhii "$@"; }

# Java: create, then `mvn -q package` (which runs the generated test on the test kit)
dhii plugin create greeter --lang java --dir "$WORK/plugins" >"$WORK/create-java.out"
grep -q "mvn -q -f $WORK/plugins/greeter package" "$WORK/create-java.out" || fail "create printed: $(cat "$WORK/create-java.out")"
# a local repository of its own, reading the one of the build through a mirror: the shared ~/.m2 is not written
M2="${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}"
printf '<settings><mirrors><mirror><id>build-local</id><mirrorOf>*,!dhii-runtime</mirrorOf><url>file://%s</url></mirror></mirrors></settings>\n' \
  "$M2" >"$WORK/settings.xml"
(cd "$WORK/plugins/greeter" && mvn -q -B -s "$WORK/settings.xml" -Dmaven.repo.local="$WORK/m2" package) >"$WORK/mvn.log" 2>&1 \
  || { cat "$WORK/mvn.log"; fail "mvn -q package of the Java plugin"; }
[ -f "$WORK/plugins/greeter/target/greeter.jar" ] || fail "no target/greeter.jar"
grep -q 'tests="3"' "$WORK/plugins/greeter/target/surefire-reports/TEST-com.example.greeter.GreeterPluginTest.xml" \
  || fail "the generated Java test did not run"
echo "smoke ok   scaffold: java plugin built, its generated test passed"

# Python: create, then the test command its README (and create) gives
dhii plugin create pygreet --lang python --dir "$WORK/plugins" >"$WORK/create-python.out"
TEST_CMD='python3 -m venv .venv && .venv/bin/pip install -r requirements.txt pytest && .venv/bin/pytest'
grep -qF "$TEST_CMD" "$WORK/plugins/pygreet/README.md" || fail "the Python README lost its test command"
(cd "$WORK/plugins/pygreet" && eval "$TEST_CMD -q") >"$WORK/pytest.log" 2>&1 || { cat "$WORK/pytest.log"; fail "pytest"; }
grep -q "3 passed" "$WORK/pytest.log" || { cat "$WORK/pytest.log"; fail "pytest did not pass 3 tests"; }
rm -rf "$WORK/plugins/pygreet/.venv" "$WORK/plugins/pygreet/__pycache__" "$WORK/plugins/pygreet/.pytest_cache"
echo "smoke ok   scaffold: python plugin's generated test passed"

# both served by a runtime, called through the CLI
PORT=$(free_port)
DHII_DATA_DIR="$WORK/data" DHII_SKIP_BUILD=1 ./dhii serve --port "$PORT" --tcp-port "$(free_port)" --plugins "$WORK/plugins" \
  >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log"; fail "dhii serve exited"; }
  sleep 0.5
done
for plugin in greeter pygreet; do
  out=$(dhii invoke "$plugin.hello" --data '{"name":"Ada"}' --url "http://127.0.0.1:$PORT") \
    || { cat "$WORK/serve.log"; fail "dhii invoke $plugin.hello: $out"; }
  echo "$out" | grep -q 'Hello, Ada' || fail "$plugin.hello answered $out"
  echo "smoke ok   scaffold: dhii invoke $plugin.hello -> $out"
done
