#!/usr/bin/env bash
# Installs Debian's PostgreSQL 15 server binaries (package `postgresql`) for the PostgreSQL store tests, unless they are
# already there. Nothing is started here and Debian's own cluster is not used: each test run initdb's a private cluster
# in a temporary directory on its own loopback port (tests/AckPoller.Core.Tests/Storage/PostgreSql/PostgresServer.cs).
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && id postgres >/dev/null 2>&1; then
  echo "postgresql: $("$bin/postgres" --version)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql postgresql-15
# The package creates and starts Debian's default cluster; the tests never use it, so stop it to free port 5432.
$SUDO systemctl stop postgresql >/dev/null 2>&1 || $SUDO service postgresql stop >/dev/null 2>&1 || true
echo "postgresql: $("$bin/postgres" --version)"
