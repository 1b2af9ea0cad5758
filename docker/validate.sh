#!/usr/bin/env bash
# Validates docker/docker-compose.yml and docker/docker-compose.cluster.yml with Debian's docker-compose (no Docker
# engine needed): installs docker-compose if missing, then runs `docker-compose config -q` on each. Exits non-zero when
# a file is invalid.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq docker-compose >/dev/null
fi

failed=0
for file in docker/docker-compose.yml docker/docker-compose.cluster.yml; do
  status=0
  docker-compose -f "$file" config -q || status=$?
  if [ "$status" -ne 0 ]; then
    echo "$file is not valid (docker-compose config exited $status)" >&2
    failed=$status
  else
    echo "$file is valid"
  fi
done
exit "$failed"
