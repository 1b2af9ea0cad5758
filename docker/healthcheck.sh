#!/bin/sh
# Docker HEALTHCHECK for AckPoller: GET /healthz on the container's own listener, sending the API key when one is
# configured. The key is passed to curl on standard input, so it never appears in a process list.
set -eu
port=${ACKPOLLER_HEALTHCHECK_PORT:-8470}
url="http://127.0.0.1:$port/healthz"
if [ -n "${ACKPOLLER__Web__ApiKeyFile:-}" ]; then
  printf 'X-Api-Key: %s\n' "$(head -n 1 "$ACKPOLLER__Web__ApiKeyFile")" | curl -fsS -o /dev/null --max-time 4 -H @- "$url"
else
  curl -fsS -o /dev/null --max-time 4 "$url"
fi
