#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for one bench run, made the way tests/AckPoller.TestSupport PostgresServer makes it:
# initdb into a temporary directory as the `postgres` user (when run as root), a free loopback port (26000-26999 first),
# its unix socket in the same directory, SCRAM password authentication on TCP, fsync off (a throw-away cluster).
# Runs the given command with the cluster up, then stops it (pg_ctl stop -m immediate) and removes the directory,
# whatever the command's outcome.
#
# Usage: bash bench/cluster/pg.sh COMMAND [ARGS...]
#   The command sees ACKPOLLER_BENCH_PG (an Npgsql connection string without password: Host, Port, Username, Database
#   postgres) and ACKPOLLER_BENCH_PG_PASSWORD (random per run). Exit status: the command's.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bash bench/cluster/pg.sh COMMAND [ARGS...]" >&2; exit 64; }
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "pg.sh: PostgreSQL 15 is not installed ($bin/initdb missing): run bash tests/postgres/install.sh" >&2; exit 69; }
root=$(mktemp -d /tmp/ackpoller-bench-pg.XXXXXX)
chmod 700 "$root"
password="pw-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
started=0
cleanup() {
    if [ "$started" -eq 1 ]; then as_pg "$bin/pg_ctl" stop -w -m immediate -D "$root/data" >/dev/null 2>&1 || true; fi
    rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
(umask 077 && printf '%s\n' "$password" >"$root/pwfile")
[ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$root"
as_pg "$bin/initdb" -D "$root/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$root/pwfile" \
    -E UTF8 --locale=C.UTF-8 --no-sync >"$root/initdb.log" 2>&1 || { cat "$root/initdb.log" >&2; exit 1; }
rm -f "$root/pwfile"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for attempt in 1 2 3 4 5; do
    port=$((26000 + RANDOM % 1000))
    port_free "$port" || continue
    if as_pg "$bin/pg_ctl" start -w -t 60 -D "$root/data" -l "$root/server.log" \
        -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null; then
        started=1
        break
    fi
done
[ "$started" -eq 1 ] || { echo "pg.sh: the PostgreSQL cluster did not start" >&2; cat "$root/server.log" >&2 || true; exit 1; }
echo "pg.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($root)" >&2
export ACKPOLLER_BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export ACKPOLLER_BENCH_PG_PASSWORD="$password"
set +e
"$@"
code=$?
set -e
exit "$code"
