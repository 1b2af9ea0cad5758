#!/usr/bin/env bash
# Starts the Entra stand-in (sandbox/AckPoller.EntraStandIn) in the background, by default on https://localhost:10443,
# for the demo and manual runs. Tests host it in process instead (EntraStandInHost.StartAsync).
# Needs the sandbox mail stack's sandbox.json (its JWT signing key): run sandbox/mail/start.sh first.
# Writes, in ${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}: entra.pid, entra.json (URL, authority, CA file, apps),
# entra/ (demo client certificate, own CA if the sandbox's server key is unreadable), log/entra.log.
# Usage: start.sh [--url https://localhost:PORT] [--registrations FILE.json]. Idempotent.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}
pidfile=$work/entra.pid
info=$work/entra.json
bin=$work/entra/bin

say() { echo "entra stand-in: $*"; }
fail() { echo "entra stand-in: $*" >&2; exit 1; }

[ -s "$work/sandbox.json" ] || fail "$work/sandbox.json does not exist: start the sandbox first (bash sandbox/mail/start.sh)."

if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && [ -s "$info" ]; then
    say "already running (pid $(cat "$pidfile")): $(grep -o '"url": *"[^"]*"' "$info")"
    exit 0
fi
rm -f "$pidfile" "$info"

mkdir -p "$work/entra" "$work/log"
say "building..."
dotnet build "$repo/sandbox/AckPoller.EntraStandIn/AckPoller.EntraStandIn.csproj" -c Release -o "$bin" --nologo -v quiet \
    >"$work/log/entra-build.log" 2>&1 || fail "build failed, see $work/log/entra-build.log"

ACKPOLLER_SANDBOX_DIR=$work nohup dotnet "$bin/AckPoller.EntraStandIn.dll" --sandbox-dir "$work" "$@" \
    >>"$work/log/entra.log" 2>&1 </dev/null &
pid=$!
echo "$pid" > "$pidfile"

for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$pidfile"
        fail "the process exited; see $work/log/entra.log"
    fi
    if [ -s "$info" ] && grep -q "\"pid\": *$pid" "$info"; then
        say "ready (pid $pid): $(grep -o '"authority": *"[^"]*"' "$info"); details in $info"
        exit 0
    fi
    sleep 0.5
done
kill "$pid" 2>/dev/null || true
rm -f "$pidfile"
fail "not ready after 60 s; see $work/log/entra.log"
