#!/usr/bin/env bash
# Starts the sandbox mail stack (Dovecot + Postfix from Debian's packages) without systemd, on loopback high ports,
# in ${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}, and writes sandbox.json there for the tests.
# Idempotent: when the sandbox already runs this configuration and answers, it returns at once.
# Needs root (Postfix's master must start as root); re-runs itself with sudo otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}
started_ns=$(date +%s%N)

# shellcheck source=sandbox/mail/sandbox.env
source "$here/sandbox.env"

port_answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

all_ports() {
    echo "127.0.0.1:$IMAP_PORT 127.0.0.2:$IMAP_PORT 127.0.0.1:$IMAPS_PORT 127.0.0.1:$POP3_PORT 127.0.0.2:$POP3_PORT"
    echo "127.0.0.1:$POP3S_PORT 127.0.0.1:$LMTP_PORT 127.0.0.1:$SUBMISSION_PORT 127.0.0.1:$SMTPS_PORT 127.0.0.1:$INJECT_PORT"
}

all_answer() {
    local endpoint
    for endpoint in $(all_ports); do
        port_answers "${endpoint%:*}" "${endpoint##*:}" || return 1
    done
}

dovecot_pid_file=$work/run/dovecot/master.pid
postfix_pid_file=$work/postfix/queue/pid/master.pid
# /proc rather than kill -0: works without root too.
pid_alive() {
    local pid
    pid=$(tr -d ' \n' 2>/dev/null < "$1") || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ]
}

case "${1:-}" in
    --check)
        # Exit 0 when this folder's sandbox runs and answers; changes nothing, needs no root.
        # Dovecot's PID file is root-only: without root its existence is all we can see; the ports decide.
        pid_seen() { if [ -r "$1" ]; then pid_alive "$1"; else [ -e "$1" ]; fi; }
        pid_seen "$dovecot_pid_file" && pid_seen "$postfix_pid_file" && [ -s "$work/sandbox.json" ] && all_answer
        exit
        ;;
    "") ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
    exec sudo ACKPOLLER_SANDBOX_DIR="$work" ACKPOLLER_SANDBOX_OWNER="$(id -u):$(id -g)" bash "$here/start.sh" "$@"
fi
# Who gets to read the key files and sandbox.json when started through sudo.
owner=${ACKPOLLER_SANDBOX_OWNER:-${SUDO_UID:+$SUDO_UID:$SUDO_GID}}

if [ ! -x /usr/sbin/dovecot ] || [ ! -x /usr/sbin/postfix ] || [ ! -x /usr/lib/dovecot/imap ] || [ ! -x /usr/lib/dovecot/lmtp ]; then
    bash "$here/install.sh"
fi

say() { echo "sandbox mail: $*"; }
# ACKPOLLER_SANDBOX_TRACE=1 prints how long each step took.
trace() { [ -z "${ACKPOLLER_SANDBOX_TRACE:-}" ] || echo "sandbox mail: $((($(date +%s%N) - started_ns) / 1000000)) ms: $*" >&2; }
fail() { echo "sandbox mail: $*" >&2; exit 1; }

summary() {
    say "ready in $work (IMAP $IMAP_PORT STARTTLS, IMAPS $IMAPS_PORT, POP3 $POP3_PORT STLS, POP3S $POP3S_PORT," \
        "submission $SUBMISSION_PORT STARTTLS, SMTPS $SMTPS_PORT, inject $INJECT_PORT, LMTP $LMTP_PORT; $1)"
}

mail_uid=$(id -u mail)
mail_gid=$(id -g mail)

mkdir -p "$work"
chmod 755 "$work"
mkdir -p "$work"/{tls,jwt/validation/default/RS256,dovecot,postfix/conf,postfix/queue,postfix/data,run,state/dovecot,log,mail,secrets}
chmod 755 "$work"/{tls,jwt,jwt/validation,jwt/validation/default,jwt/validation/default/RS256,dovecot,postfix,postfix/conf,run,log}
chmod 700 "$work/secrets"
chown "$mail_uid:$mail_gid" "$work/mail"
chmod 750 "$work/mail"
chown postfix "$work/postfix/data"

trace "keys"
# --- Keys and certificates: generated once per folder, reused on restart. ---
tls=$work/tls
if [ ! -s "$tls/ca.pem" ] || ! openssl x509 -in "$tls/ca.pem" -noout -checkend 86400 >/dev/null 2>&1; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -keyout "$tls/ca.key" -out "$tls/ca.pem" \
        -subj "/O=AckPoller Sandbox/CN=AckPoller Sandbox Test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    rm -f "$tls/server.pem"
fi
if [ ! -s "$tls/server.pem" ] || ! openssl x509 -in "$tls/server.pem" -noout -checkend 86400 >/dev/null 2>&1; then
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$tls/server.key" -out "$tls/server.csr" \
        -subj "/O=AckPoller Sandbox/CN=localhost" 2>/dev/null
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" \
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2,DNS:$DOMAIN,DNS:mail.$DOMAIN" > "$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 825 -sha256 \
        -extfile "$tls/server.ext" -out "$tls/server.pem" 2>/dev/null
    rm -f "$tls/server.csr" "$tls/server.ext"
fi
chmod 600 "$tls/ca.key" "$tls/server.key"
chmod 644 "$tls/ca.pem" "$tls/server.pem"

jwt=$work/jwt
for name in signing untrusted; do
    if [ ! -s "$jwt/$name.key" ]; then
        # genpkey writes PKCS#8 ("BEGIN PRIVATE KEY"), which JwtMinter imports.
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$jwt/$name.key" 2>/dev/null
    fi
    chmod 644 "$jwt/$name.key"
done
if [ ! -s "$jwt/validation/default/RS256/$JWT_KID" ] || [ "$jwt/signing.key" -nt "$jwt/validation/default/RS256/$JWT_KID" ]; then
    openssl pkey -in "$jwt/signing.key" -pubout -out "$jwt/validation/default/RS256/$JWT_KID" 2>/dev/null
fi
chmod 644 "$jwt/validation/default/RS256/$JWT_KID"

if [ ! -s "$work/secrets/password" ]; then
    openssl rand -hex 16 > "$work/secrets/password"
fi
password=$(cat "$work/secrets/password")

trace "config"
# --- Configuration, rendered from the templates next to this script. ---
# Loopback only. ::1 too when the machine has it, for clients that resolve "localhost" to ::1 first.
# 127.0.0.2 lets tests reach Dovecot on a connection it does not count as secure (local IP != remote IP).
dovecot_listen="127.0.0.1, 127.0.0.2"
postfix_interfaces="127.0.0.1"
postfix_protocols="ipv4"
postfix_networks="127.0.0.0/8"
if grep -qs '^00000000000000000000000000000001 .* lo$' /proc/net/if_inet6; then
    dovecot_listen="$dovecot_listen, ::1"
    postfix_interfaces="$postfix_interfaces, [::1]"
    postfix_protocols="ipv4, ipv6"
    postfix_networks="$postfix_networks, [::1]/128"
fi
render() {
    sed -e "s|@WORK@|$work|g" -e "s|@DOMAIN@|$DOMAIN|g" -e "s|@PASSWORD@|$password|g" \
        -e "s|@MAIL_UID@|$mail_uid|g" -e "s|@MAIL_GID@|$mail_gid|g" \
        -e "s|@IMAP_PORT@|$IMAP_PORT|g" -e "s|@IMAPS_PORT@|$IMAPS_PORT|g" \
        -e "s|@POP3_PORT@|$POP3_PORT|g" -e "s|@POP3S_PORT@|$POP3S_PORT|g" -e "s|@LMTP_PORT@|$LMTP_PORT|g" \
        -e "s|@SUBMISSION_PORT@|$SUBMISSION_PORT|g" -e "s|@SMTPS_PORT@|$SMTPS_PORT|g" -e "s|@INJECT_PORT@|$INJECT_PORT|g" \
        -e "s|@DOVECOT_LISTEN@|$dovecot_listen|g" -e "s|@POSTFIX_INTERFACES@|$postfix_interfaces|g" \
        -e "s|@POSTFIX_PROTOCOLS@|$postfix_protocols|g" -e "s|@POSTFIX_NETWORKS@|$postfix_networks|g" \
        -e "s|@USERNAME_CLAIM@|$JWT_USERNAME_CLAIM|g" -e "s|@ISSUERS@|$JWT_ISSUER $JWT_EXTRA_ISSUERS|g" \
        "$here/$1" > "$2"
}
render dovecot.conf.in "$work/dovecot/dovecot.conf"
render dovecot-oauth2.conf.ext.in "$work/dovecot/dovecot-oauth2.conf.ext"
render main.cf.in "$work/postfix/conf/main.cf"
render master.cf.in "$work/postfix/conf/master.cf"
# Authenticated senders may use their own address as envelope sender, nothing else.
printf '/^(.+)$/ ${1}\n' > "$work/postfix/conf/sender_login_maps"
chmod 644 "$work"/dovecot/* "$work"/postfix/conf/*.cf "$work/postfix/conf/sender_login_maps"

json_string() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }
cat > "$work/sandbox.json.new" <<JSON
{
  "host": "localhost",
  "domain": "$DOMAIN",
  "caFile": $(json_string "$tls/ca.pem"),
  "ports": {
    "imap": $IMAP_PORT,
    "imaps": $IMAPS_PORT,
    "pop3": $POP3_PORT,
    "pop3s": $POP3S_PORT,
    "submission": $SUBMISSION_PORT,
    "smtps": $SMTPS_PORT,
    "smtpInject": $INJECT_PORT,
    "lmtp": $LMTP_PORT
  },
  "jwt": {
    "issuer": "$JWT_ISSUER",
    "kid": "$JWT_KID",
    "usernameClaim": "$JWT_USERNAME_CLAIM",
    "signingKeyFile": $(json_string "$jwt/signing.key"),
    "untrustedKeyFile": $(json_string "$jwt/untrusted.key")
  },
  "password": "$password"
}
JSON
chmod 644 "$work/sandbox.json.new"

config_hash=$(cat "$work/dovecot/dovecot.conf" "$work/dovecot/dovecot-oauth2.conf.ext" "$work/postfix/conf/main.cf" \
    "$work/postfix/conf/master.cf" "$work/postfix/conf/sender_login_maps" "$jwt/validation/default/RS256/$JWT_KID" "$tls/server.pem" \
    | sha256sum | cut -d' ' -f1)


trace "running check"
if pid_alive "$dovecot_pid_file" && pid_alive "$postfix_pid_file"; then
    if [ "$(cat "$work/state/config.sha256" 2>/dev/null)" = "$config_hash" ] && all_answer; then
        mv -f "$work/sandbox.json.new" "$work/sandbox.json"
        [ -n "$owner" ] && chown "$owner" "$work/sandbox.json"
        summary "already running"
        exit 0
    fi
    say "configuration changed or not answering: restarting"
fi
trace "stop"
bash "$here/stop.sh" >/dev/null

# --- Start. ---
# Dovecot watches each IMAP IDLE session's mailbox with one inotify instance, and every session runs as the one mail
# user; past the kernel's per-user limit (Debian's default is 128) IDLE silently degrades to a check every 30 s. The
# cluster tests and bench/cluster hold hundreds of IDLE sessions, so raise the limit when we can (root) and it is lower.
instances=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 1024)
if [ "$instances" -lt 1024 ] && [ -w /proc/sys/fs/inotify/max_user_instances ]; then
  echo 1024 > /proc/sys/fs/inotify/max_user_instances && say "fs.inotify.max_user_instances raised from $instances to 1024 (IDLE sessions)"
fi
trace "dovecot start"
rm -f "$work/sandbox.json"
doveconf -c "$work/dovecot/dovecot.conf" -n >/dev/null || fail "the Dovecot configuration is invalid"
# The daemons must not keep this script's stdout/stderr open (a caller piping our output would hang).
setsid dovecot -c "$work/dovecot/dovecot.conf" </dev/null >>"$work/log/dovecot-start.log" 2>&1 || fail "Dovecot did not start; see $work/log/dovecot.log"

trace "postfix start"
# Postfix's integrity check (~1 s) is only needed the first time, when it creates the queue folders.
if [ -d "$work/postfix/queue/maildrop" ]; then
    touch "$work/postfix/queue/quick-start"
fi
if ! setsid postfix -c "$work/postfix/conf" start </dev/null >"$work/log/postfix-start.log" 2>&1; then
    cat "$work/log/postfix-start.log" >&2
    fail "Postfix did not start; see $work/log/postfix.log"
fi

trace "wait for ports"
deadline=$((SECONDS + 20))
until all_answer; do
    if [ $SECONDS -ge $deadline ]; then
        for endpoint in $(all_ports); do
            port_answers "${endpoint%:*}" "${endpoint##*:}" || echo "sandbox mail: $endpoint does not answer" >&2
        done
        fail "the sandbox did not come up; see $work/log/"
    fi
    sleep 0.05
done

trace "ready"
echo "$config_hash" > "$work/state/config.sha256"
mv -f "$work/sandbox.json.new" "$work/sandbox.json"
if [ -n "$owner" ]; then
    # The invoking user's tests read the JWT keys, and the Entra stand-in serves HTTPS with the server certificate.
    chown "$owner" "$work/sandbox.json" "$jwt/signing.key" "$jwt/untrusted.key" "$tls/server.key"
fi
elapsed_ms=$((($(date +%s%N) - started_ns) / 1000000))
summary "$(printf 'started in %d.%03ds' $((elapsed_ms / 1000)) $((elapsed_ms % 1000)))"
