#!/usr/bin/env bash
# Restart a development server on port ${1:-8596} in the background (logs in /tmp/dev.log).
cd "$(dirname "$0")/.."
PORT=${1:-8596}
# [d]: the pattern must not match this script's own command line
pkill -f "[d]ashboard.server --server.port $PORT" || true
sleep 1
nohup .venv/bin/python -m dashboard.server --server.port "$PORT" > /tmp/dev.log 2>&1 &
for _ in $(seq 1 50); do curl -sf "localhost:$PORT/_stcore/health" >/dev/null && exit 0; sleep 0.2; done
echo "server did not start" >&2; exit 1
