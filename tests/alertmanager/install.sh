#!/usr/bin/env bash
# Installs Debian's Prometheus Alertmanager (0.25) for the integration tests; idempotent. The tests start their own
# private instance on a loopback port (never the packaged service).
set -euo pipefail
if command -v prometheus-alertmanager >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends prometheus-alertmanager >/dev/null 2>&1 \
  || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends prometheus-alertmanager >/dev/null; }
# The package starts its own service where it can; the tests never use it.
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus-alertmanager >/dev/null 2>&1 || true; fi
pkill -x prometheus-alert >/dev/null 2>&1 || true
command -v prometheus-alertmanager >/dev/null
