#!/usr/bin/env bash
# Failover time: 3 real `ackpoller run` nodes on a private PostgreSQL 15 cluster, one IMAP IDLE account on the running
# sandbox Dovecot. Each round kill -9s the node holding the account's IDLE ownership lock, sends a reply at once and
# times kill -> another node holds the lock, and kill -> the reply is acknowledged; the killed node is replaced.
# Prints every round and median/p95/max with the machine's load. Goal: p95 <= 15 s.
# Usage: bash bench/cluster/failover.sh [--rounds 10] [--nodes 3]   Bounded: stopped after 600 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/AckPoller -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build bench/AckPoller.Benchmarks -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
bash sandbox/mail/start.sh --check >/dev/null || { echo "failover: the sandbox mail servers are not running (bash sandbox/mail/start.sh)" >&2; exit 69; }
# Dovecot watches each IDLE session's mailbox with one inotify instance (all sessions run as the mail user); past the
# kernel's per-user limit it falls back to looking every mailbox_idle_check_interval (30 s), delaying IDLE by up to 30 s.
instances=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)
echo "fs.inotify.max_user_instances: $instances (Dovecot needs one per IDLE session, all helpers' sessions together)"
[ "$instances" -ge ${ACCOUNTS_NEEDED:-64} ] || echo "WARNING: raise it (sysctl fs.inotify.max_user_instances=1024) or IDLE may lag by up to 30 s" >&2
echo "uptime: $(uptime)"
code=0
timeout 600 bash bench/cluster/pg.sh dotnet bench/AckPoller.Benchmarks/bin/Release/net10.0/AckPoller.Benchmarks.dll failover "$@" || code=$?
echo "uptime: $(uptime)"
exit $code
