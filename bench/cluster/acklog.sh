#!/usr/bin/env bash
# Ack-log query times over 1,000,000 rows on SQLite and on PostgreSQL (the store classes the CLI and API use, in-process,
# no process start): median and p95 per query per store, with the machine's load. Goal: each query <= 50 ms.
# Usage: bash bench/cluster/acklog.sh [--rows N] [--runs N]   (Release build of bench/AckPoller.Benchmarks; a private PG 15)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/AckPoller.Benchmarks -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
echo "uptime: $(uptime)"
code=0
timeout 600 bash bench/cluster/pg.sh dotnet bench/AckPoller.Benchmarks/bin/Release/net10.0/AckPoller.Benchmarks.dll acklog "$@" || code=$?
echo "uptime: $(uptime)"
exit $code
