#!/usr/bin/env bash
# The docs cannot drift: runs every runnable block of README.md and docs/*.md (marked `<!-- run -->`, see
# .ci/docs-blocks.py) against a real `./dhii serve --watch` started here, in a sandbox checkout (a temporary
# DHII_HOME holding links to the launcher, runtime/, manifests/, conf/, .ci/ and the pages, and its own plugins/,
# data/ and HOME), on free ports: the documented 8080 and 7000 are rewritten to them. A command block neither
# runnable nor marked `<!-- not run: REASON -->` fails the check.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
export DHII_DOCS_PORT=$(free_port) DHII_DOCS_TCP_PORT=$(free_port)
HOME_DIR=$(mktemp -d)
export DHII_DOCS_HOME=$HOME_DIR
for f in dhii runtime manifests conf plugin-verticles pom.xml .ci README.md docs; do ln -s "$REPO/$f" "$HOME_DIR/$f"; done
mkdir -p "$HOME_DIR/plugins" "$HOME_DIR/bin"
printf '#!/bin/sh\nexec "%s/dhii" "$@"\n' "$HOME_DIR" >"$HOME_DIR/bin/dhii"   # what `./dhii link` puts on the PATH
chmod +x "$HOME_DIR/bin/dhii"
# a HOME of its own (`./dhii link` writes ~/.local/bin), sharing the Maven repository and the caches (pip, dhii-test)
mkdir -p "$HOME/.m2" "$HOME/.cache" "$HOME_DIR/home"
ln -s "$HOME/.m2" "$HOME_DIR/home/.m2"
ln -s "$HOME/.cache" "$HOME_DIR/home/.cache"
# and the user's pip configuration (the machine's package index is set there, not always in /etc)
if [ -d "$HOME/.config/pip" ]; then mkdir -p "$HOME_DIR/home/.config" && ln -s "$HOME/.config/pip" "$HOME_DIR/home/.config/pip"; fi
export HOME=$HOME_DIR/home
export PATH="$HOME_DIR/bin:$PATH" DHII_HOME=$HOME_DIR DHII_SKIP_BUILD=1
export DHII_HTTP_PORT=$DHII_DOCS_PORT DHII_TCP_BRIDGE_PORT=$DHII_DOCS_TCP_PORT DHII_URL=http://127.0.0.1:$DHII_DOCS_PORT
LOG=$HOME_DIR/serve.log
(cd "$HOME_DIR" && exec ./dhii serve --watch) >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$DHII_DOCS_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 $PID 2>/dev/null || { cat "$LOG"; echo "smoke FAIL docs: dhii serve exited"; exit 1; }
  sleep 0.5
done
python3 .ci/docs-blocks.py README.md docs/*.md \
  || { echo "--- dhii serve log (tail)"; tail -50 "$LOG"; exit 1; }
