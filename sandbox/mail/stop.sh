#!/usr/bin/env bash
# Stops the sandbox mail stack that start.sh started in ${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}:
# exactly the Dovecot and Postfix masters named by its PID files (their children go with them), nothing else.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}

if [ "$(id -u)" -ne 0 ]; then
    exec sudo ACKPOLLER_SANDBOX_DIR="$work" bash "$here/stop.sh" "$@"
fi

# Stops the process in $1 if it is still the program $2 (a PID may have been reused since).
stop_pid_file() {
    local pid_file=$1 program=$2 pid exe
    [ -s "$pid_file" ] || return 0
    pid=$(tr -d ' \n' < "$pid_file")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
    if [ -z "$exe" ] || [ "$exe" != "$program" ]; then
        rm -f "$pid_file"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; echo "sandbox mail: stopped $program ($pid)"; return 0; }
        sleep 0.05
    done
    echo "sandbox mail: $program ($pid) did not stop in 5 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pid_file"
}

stop_pid_file "$work/postfix/queue/pid/master.pid" /usr/lib/postfix/sbin/master
stop_pid_file "$work/run/dovecot/master.pid" /usr/sbin/dovecot
rm -f "$work/sandbox.json"
