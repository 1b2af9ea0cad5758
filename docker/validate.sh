#!/usr/bin/env bash
# Validates docker/docker-compose.yml with Debian's docker-compose (no Docker engine needed): installs docker-compose
# if missing, then runs `docker-compose config -q`. Exits non-zero when the file is invalid.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq docker-compose >/dev/null
fi

status=0
docker-compose -f docker/docker-compose.yml config -q || status=$?
if [ "$status" -ne 0 ]; then
  echo "docker/docker-compose.yml is not valid (docker-compose config exited $status)" >&2
  exit "$status"
fi
echo "docker/docker-compose.yml is valid"
