#!/usr/bin/env bash
# How much one node holds: one real `ackpoller run` (SQLite) with 200 IMAP IDLE accounts on the running sandbox Dovecot,
# one open alert per account. Prints steady RSS after settling, the process's established IMAP connections, and the
# reply-to-ack median/p95/max over one reply per account spread over a minute, with the machine's load.
# Goal: RSS <= 300 MB, p95 <= 1 s.
# Usage: bash bench/cluster/capacity.sh [--accounts 200] [--settle-seconds 120] [--spread-seconds 60]
#   Bounded: the run is stopped after 600 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/AckPoller -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build bench/AckPoller.Benchmarks -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
bash sandbox/mail/start.sh --check >/dev/null || { echo "capacity: the sandbox mail servers are not running (bash sandbox/mail/start.sh)" >&2; exit 69; }
# Dovecot watches each IDLE session's mailbox with one inotify instance (all sessions run as the mail user); past the
# kernel's per-user limit it falls back to looking every mailbox_idle_check_interval (30 s), delaying IDLE by up to 30 s.
instances=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)
echo "fs.inotify.max_user_instances: $instances (Dovecot needs one per IDLE session, all helpers' sessions together)"
[ "$instances" -ge ${ACCOUNTS_NEEDED:-264} ] || echo "WARNING: raise it (sysctl fs.inotify.max_user_instances=1024) or IDLE may lag by up to 30 s" >&2
echo "uptime: $(uptime)"
code=0
timeout 600 dotnet bench/AckPoller.Benchmarks/bin/Release/net10.0/AckPoller.Benchmarks.dll capacity "$@" || code=$?
echo "uptime: $(uptime)"
exit $code
