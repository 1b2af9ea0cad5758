#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright page test (tests/AckPoller.Browser.Tests), unless it is already there.
# Playwright never downloads a browser here: the tests launch /usr/bin/chromium (headless, --no-sandbox).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
