#!/usr/bin/env bash
# Installs Debian's Prometheus server and promtool (package "prometheus", 2.42 on bookworm) for the telemetry tests:
# the integration test starts its own private Prometheus on a loopback port; CI checks the shipped rules with promtool.
# The package's own service is never started (no recommends: no node exporter either).
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# policy-rc.d 101: the package must not start its system service (the tests run their own instance).
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && created_policy=1
fi
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
prometheus --version 2>&1 | head -n 1
promtool --version 2>&1 | head -n 1
