#!/usr/bin/env bash
# A 1,000-reply burst of real acknowledgements against the running sandbox mail servers, for 1 node on SQLite, 1 node on
# PostgreSQL and 3 nodes on PostgreSQL (real `ackpoller run` processes, one private PG 15 cluster for the whole script).
# Prints, per set-up, the time from the first reply's 250 to the last acknowledgement recorded and to the last
# confirmation accepted by Postfix, with the machine's load. Goal: <= 5 s to the last ack on one node; 3 nodes faster.
# Usage: bash bench/cluster/burst.sh [--replies N] [--accounts K] [--outbox-batch N] [--outbox-interval hh:mm:ss]
#   Extra options go to every run (see ClusterBurstBench). Bounded: each run times out after 240 s, the script after 600 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/AckPoller -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build bench/AckPoller.Benchmarks -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
bash sandbox/mail/start.sh --check >/dev/null || { echo "burst: the sandbox mail servers are not running (bash sandbox/mail/start.sh)" >&2; exit 69; }
# Dovecot watches each IDLE session's mailbox with one inotify instance (all sessions run as the mail user); past the
# kernel's per-user limit it falls back to looking every mailbox_idle_check_interval (30 s), delaying IDLE by up to 30 s.
instances=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)
echo "fs.inotify.max_user_instances: $instances (Dovecot needs one per IDLE session, all helpers' sessions together)"
[ "$instances" -ge ${ACCOUNTS_NEEDED:-64} ] || echo "WARNING: raise it (sysctl fs.inotify.max_user_instances=1024) or IDLE may lag by up to 30 s" >&2
echo "uptime: $(uptime)"
dll=bench/AckPoller.Benchmarks/bin/Release/net10.0/AckPoller.Benchmarks.dll
exec timeout 600 bash bench/cluster/pg.sh bash -c '
    dll=$1; shift
    code=0
    dotnet "$dll" burst --store sqlite --nodes 1 "$@" || code=1
    dotnet "$dll" burst --store pg --nodes 1 "$@" || code=1
    dotnet "$dll" burst --store pg --nodes 3 "$@" || code=1
    echo "uptime: $(uptime)"
    exit $code' burst "$dll" "$@"
