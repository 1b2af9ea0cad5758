#!/usr/bin/env bash
# The AckPoller demo on the local sandbox: no Office 365 tenant needed. It installs and starts the sandbox mail stack
# (Dovecot + Postfix from Debian, validating signed OAuth tokens like Office 365), then drives AckPoller's own mail stack
# against it: an alert email sent over SMTP with XOAUTH2, read back over IMAP and POP3 with OAUTHBEARER/XOAUTH2,
# and an expired token refused the way Office 365 refuses it.
# Flags: --exit-when-done (accepted for CI; the demo always exits when done for now).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Installing and starting the sandbox (Dovecot, Postfix)"
bash sandbox/mail/install.sh
bash sandbox/mail/start.sh
sandbox_dir=${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}
ca="$sandbox_dir/tls/ca.pem"

step "Building ackpoller"
dotnet build src/AckPoller -c Release -o .demo/bin --nologo -v quiet >/dev/null
ackpoller=.demo/bin/ackpoller
tokens=$(mktemp -d)
trap 'rm -rf "$tokens"' EXIT
oncall="oncall-$(date +%s)@sandbox.test"
mint() { dotnet run sandbox/tools/mint-token.cs -- "$@"; }
mint alerts@sandbox.test >"$tokens/alerts"
mint "$oncall" >"$tokens/oncall"
mint "$oncall" --minutes -10 >"$tokens/expired"

step "Sending an alert email to $oncall over SMTP (implicit TLS, XOAUTH2)"
"$ackpoller" probe smtps://localhost:10465 --user alerts@sandbox.test --token-file "$tokens/alerts" --ca-file "$ca" --send-to "$oncall"

step "Reading the on-call mailbox over IMAP (STARTTLS, OAUTHBEARER)"
for _ in $(seq 1 50); do
  if "$ackpoller" probe imap://localhost:10143 --user "$oncall" --token-file "$tokens/oncall" --auth oauthbearer --ca-file "$ca" --json | grep -q '"messages": 1'; then
    break
  fi
  sleep 0.2
done
"$ackpoller" probe imap://localhost:10143 --user "$oncall" --token-file "$tokens/oncall" --auth oauthbearer --ca-file "$ca"

step "Reading it over POP3 (implicit TLS, XOAUTH2), as JSON"
"$ackpoller" probe pop3s://localhost:10995 --user "$oncall" --token-file "$tokens/oncall" --ca-file "$ca" --json

step "An expired token is refused (exit code 2), and the token never appears in the output"
set +e
"$ackpoller" probe imaps://localhost:10993 --user "$oncall" --token-file "$tokens/expired" --ca-file "$ca"
code=$?
set -e
echo "exit code: $code"
[ "$code" -eq 2 ]

step "Demo complete"
