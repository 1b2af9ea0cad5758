#!/usr/bin/env bash
# Stops the Entra stand-in started by start.sh (the pid in entra.pid only) and removes entra.json.
set -euo pipefail

work=${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}
pidfile=$work/entra.pid

if [ ! -s "$pidfile" ]; then
    echo "entra stand-in: not running (no $pidfile)"
    rm -f "$work/entra.json"
    exit 0
fi

pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
fi
rm -f "$pidfile" "$work/entra.json"
echo "entra stand-in: stopped (pid $pid)"
