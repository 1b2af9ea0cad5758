#!/usr/bin/env bash
# The AckPoller demo: the whole reply-to-acknowledge round trip on this machine, no Office 365 tenant needed.
# It installs and starts the sandbox (Dovecot + Postfix from Debian, validating signed OAuth tokens like Office 365,
# and the Entra ID stand-in on https://localhost:10443), writes a demo configuration under .demo/ (one app-only account,
# client credentials), starts `ackpoller run`, raises an alert, answers it from the on-call mailbox as a mail client
# would, and shows the acknowledgement and the confirmation email. Then the worker and its status page keep running.
#
# Usage: bash sandbox/demo.sh [--exit-when-done] [--timeout SECONDS] [--web-url http://127.0.0.1:PORT]
#   --exit-when-done  stop the worker and exit 0 once the round trip is verified (CI); non-zero on any failure.
#   --timeout         the longest wait for each step (default 60 s).
#   --web-url         where the status page listens (default http://127.0.0.1:8470).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

exit_when_done=0
step_timeout=60
web_url=http://127.0.0.1:8470
while [ $# -gt 0 ]; do
    case "$1" in
        --exit-when-done) exit_when_done=1 ;;
        --timeout) step_timeout=${2:?--timeout takes seconds}; shift ;;
        --web-url) web_url=${2:?--web-url takes a URL}; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "demo: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
    shift
done

demo=$repo/.demo
sandbox_dir=${ACKPOLLER_SANDBOX_DIR:-/tmp/ackpoller-sandbox}
ackpoller=$demo/bin/ackpoller
oncall_mail=$demo/tools/oncall-mail
config=$demo/appsettings.json
worker_log=$demo/worker.log
worker_pid_file=$demo/worker.pid
run_dir=$demo/run/$(date +%Y%m%d-%H%M%S)
oncall="oncall-$(date +%s)-$RANDOM@sandbox.test"
oncall_name="Jane Doe (on call)"
reply_text="ack - looking at it"
worker_pid=
mkdir -p "$demo/data" "$run_dir"

# --- Output: one line per step, ✓ when done; on failure the step's output and the worker log's tail. ---
if [ -t 1 ]; then bold=$'\033[1m' green=$'\033[32m' red=$'\033[31m' dim=$'\033[2m' off=$'\033[0m'; else bold= green= red= dim= off=; fi
started=$SECONDS
step_output=$run_dir/step.out

stop_worker() {
    [ -n "$worker_pid" ] || return 0
    if kill -0 "$worker_pid" 2>/dev/null; then
        kill -TERM "$worker_pid" 2>/dev/null || true
        for _ in $(seq 1 120); do kill -0 "$worker_pid" 2>/dev/null || break; sleep 0.25; done
        kill -0 "$worker_pid" 2>/dev/null && kill -KILL "$worker_pid" 2>/dev/null || true
    fi
    wait "$worker_pid" 2>/dev/null || true
    rm -f "$worker_pid_file"
    worker_pid=
}

fail() {
    echo "${red}✗ $*${off}" >&2
    if [ -s "$step_output" ]; then
        sed 's/^/    /' "$step_output" | tail -n 30 >&2
    fi
    if [ -s "$worker_log" ] && [ -n "$worker_pid" ]; then
        echo "  last lines of $worker_log:" >&2
        tail -n 25 "$worker_log" | cut -c1-400 | sed 's/^/    /' >&2
    fi
    stop_worker
    echo "${red}demo failed after $((SECONDS - started)) s${off}" >&2
    exit 1
}

# step "what" command...: runs the command (output kept for a failure report), prints ✓ and the time it took.
step() {
    local what=$1 t0=$SECONDS
    shift
    [ -t 1 ] && printf '  %s…\r' "$what"
    if "$@" >"$step_output" 2>&1; then
        printf '%s✓%s %s %s(%d s)%s\n' "$green" "$off" "$what" "$dim" $((SECONDS - t0)) "$off"
    else
        [ -t 1 ] && printf '\033[K'
        fail "$what"
    fi
}

show() { sed 's/^/    /' "$step_output"; }

# Whatever ends the script (a failure, Ctrl+C, set -e), the worker this run started does not outlive it unnoticed.
on_exit() {
    local code=$?
    if [ -n "$worker_pid" ]; then
        stop_worker
        [ "$code" -eq 0 ] || echo "${red}demo interrupted; worker stopped${off}" >&2
    fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# until_true SECONDS command...: retries the command every 0.5 s until it succeeds or the time is up.
until_true() {
    local seconds=$1 deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        if [ $SECONDS -ge $deadline ]; then
            echo "timed out after $seconds s"
            return 1
        fi
        worker_alive || return 1
        sleep 0.5
    done
}

worker_alive() {
    [ -z "$worker_pid" ] && return 0
    kill -0 "$worker_pid" 2>/dev/null && return 0
    echo "ackpoller run exited (see $worker_log)"
    return 1
}

# True when anything under the given paths is newer than the stamp (or there is no stamp).
changed_since() {
    local stamp=$1
    shift
    [ -e "$stamp" ] || return 0
    [ -n "$(find "$@" -newer "$stamp" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]
}

echo "${bold}AckPoller demo${off}: an alert, an on-call reply, the acknowledgement and its confirmation, all on this machine."

# --- 1. The sandbox: mail servers and the Entra ID stand-in. ---
command -v dotnet >/dev/null || fail "the .NET 10 SDK is needed (dotnet not found)"
# With --exit-when-done, what this run started is stopped again at the end; otherwise it stays up for the worker.
mail_was_running=0
bash sandbox/mail/start.sh --check >/dev/null 2>&1 && mail_was_running=1
entra_was_running=0
[ -s "$sandbox_dir/entra.pid" ] && kill -0 "$(cat "$sandbox_dir/entra.pid")" 2>/dev/null && entra_was_running=1
step "mail servers installed (Dovecot, Postfix from Debian)" bash sandbox/mail/install.sh
step "mail servers running on localhost (IMAP 10143, submission 10587, ...)" bash sandbox/mail/start.sh
step "Entra ID stand-in running on https://localhost:10443" bash sandbox/entra/start.sh
entra_info=$sandbox_dir/entra.json
ca_file=$sandbox_dir/tls/ca.pem

# --- 2. AckPoller and the on-call mail client, built once (again only when their sources change). ---
build_ackpoller() {
    dotnet build src/AckPoller/AckPoller.csproj -c Release -o "$demo/bin" --nologo -v quiet -clp:ErrorsOnly && touch "$demo/bin/.built"
}
build_tools() {
    dotnet build sandbox/tools/oncall-mail.cs -o "$demo/tools" --nologo -v quiet -clp:ErrorsOnly && touch "$demo/tools/.built"
}
if changed_since "$demo/bin/.built" src Directory.Build.props Directory.Packages.props; then
    step "ackpoller built (Release, .demo/bin)" build_ackpoller
else
    echo "${green}✓${off} ackpoller up to date (.demo/bin)"
fi
if changed_since "$demo/tools/.built" sandbox/tools/oncall-mail.cs sandbox/AckPoller.Sandbox src/AckPoller.Mail Directory.Build.props; then
    step "on-call mail client built (sandbox/tools/oncall-mail.cs)" build_tools
fi

# --- 3. The demo configuration: the stand-in's demo app, app-only, reading its own mailbox over IMAP. ---
# The previous demo's worker (if still running) would hold the status page port and the database.
if [ -s "$worker_pid_file" ]; then
    old=$(cat "$worker_pid_file")
    if [[ "$old" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$old/cmdline" 2>/dev/null | grep -q "$demo/bin/ackpoller"; then
        worker_pid=$old
        stop_worker
    fi
    rm -f "$worker_pid_file"
fi

write_config() {
    local client_id tenant authority secret app_mailbox
    client_id=3c1d5f7a-2b4e-4a6c-8d9e-0f1a2b3c4d5e
    tenant=$(sed -n 's/.*"tenantId": *"\([^"]*\)".*/\1/p' "$entra_info")
    authority=$(sed -n 's/.*"url": *"\([^"]*\)".*/\1/p' "$entra_info")
    # The demo app's secret and mailbox, as the stand-in registered them (its "app registration").
    secret=$(sed -n "/\"clientId\": *\"$client_id\"/,/\"appMailbox\"/s/.*\"value\": *\"\\([^\"]*\\)\".*/\\1/p" "$entra_info" | head -n 1)
    app_mailbox=$(sed -n "/\"clientId\": *\"$client_id\"/,/\"appMailbox\"/s/.*\"appMailbox\": *\"\\([^\"]*\\)\".*/\\1/p" "$entra_info" | head -n 1)
    if [ -z "$tenant" ] || [ -z "$authority" ] || [ -z "$secret" ] || [ -z "$app_mailbox" ]; then
        echo "$entra_info does not describe the demo app ($client_id)"
        return 1
    fi
    # The secret lives in a file only AckPoller's user can read; the configuration names the file (never the value).
    (umask 077 && printf '%s\n' "$secret" >"$demo/client-secret")
    sed -e "s|@DEMO@|$demo|g" -e "s|@CA_FILE@|$ca_file|g" -e "s|@WEB_URL@|$web_url|g" \
        -e "s|@ALERTS@|$app_mailbox|g" -e "s|@TENANT@|$tenant|g" -e "s|@ENTRA_URL@|$authority|g" -e "s|@CLIENT_ID@|$client_id|g" \
        sandbox/demo/appsettings.demo.json.in >"$config"
    echo "$app_mailbox" >"$run_dir/alerts-mailbox"
}
step "configuration written (.demo/appsettings.json: app-only account, secret in .demo/client-secret)" write_config
alerts_mailbox=$(cat "$run_dir/alerts-mailbox")

# --- 4. The worker. ---
port_answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
web_hostport=${web_url#*://}
web_hostport=${web_hostport%%/*}
web_host=${web_hostport%:*}
web_port=${web_hostport##*:}
if port_answers "$web_host" "$web_port"; then
    fail "$web_host:$web_port is already in use; pass --web-url http://127.0.0.1:<free port>"
fi

start_worker() {
    : >"$worker_log"
    (cd "$demo" && exec "$ackpoller" run --config "$config") >>"$worker_log" 2>&1 </dev/null &
    worker_pid=$!
    echo "$worker_pid" >"$worker_pid_file"
    until_true "$step_timeout" worker_ready
}
# GET on the worker's web host (plain HTTP on loopback; bash alone, curl may not be installed).
http_get() {
    (exec 3<>"/dev/tcp/$web_host/$web_port" && printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$1" "$web_hostport" >&3 && cat <&3) 2>/dev/null
}
# Ready when /healthz answers and shows that the account has looked at its mailbox (with a new database, mail already
# there at the first look is left alone; only mail arriving afterwards is acted on).
worker_ready() {
    http_get /healthz | grep -q '"last_poll_at": *"'
}
step "ackpoller run started (pid in .demo/worker.pid, log .demo/worker.log)" start_worker

# --- 5. The round trip. ---
raise_alert() {
    "$ackpoller" alert raise --config "$config" --to "$oncall" \
        --subject "Disk /var 91% full on db01" --severity high --source "demo" \
        --body "/var on db01 is 91% full (threshold 90%). Largest: /var/log/postgresql (41 GB)." >"$run_dir/raise.out" &&
        head -n 1 "$run_dir/raise.out" | grep -oE 'AP-[A-Z0-9]+' >"$run_dir/ref"
}
step "alert raised for $oncall" raise_alert
ref=$(cat "$run_dir/ref")
echo "    reference: ${bold}$ref${off}"

step "alert email arrived in the on-call mailbox" "$oncall_mail" wait --user "$oncall" --subject-contains "[$ref]" \
    --timeout "$step_timeout" --save "$run_dir/alert.eml" --lines 2
show

send_reply() { "$oncall_mail" reply --user "$oncall" --name "$oncall_name" --original "$run_dir/alert.eml" --text "$reply_text" --save "$run_dir/reply.eml" >"$run_dir/reply-id"; }
step "on-call reply \"$reply_text\" sent (threaded, original quoted, submission 10587 STARTTLS + XOAUTH2)" send_reply
reply_id=$(cat "$run_dir/reply-id")

acknowledged() { "$ackpoller" acks --config "$config" --alert "$ref" --format json 2>/dev/null | grep -q '"action": *"ack"'; }
step "acknowledgement recorded by the worker" until_true "$step_timeout" acknowledged
"$ackpoller" acks --config "$config" --alert "$ref" | sed -e '/^[[:space:]]*$/d' -e 's/[[:space:]]*$//' -e 's/^/  /'

step "confirmation email arrived back in the on-call mailbox" "$oncall_mail" wait --user "$oncall" --in-reply-to "$reply_id" \
    --timeout "$step_timeout" --save "$run_dir/confirmation.eml" --lines 4
show

status_url=$(grep -oE 'Status page: [^ ]+' "$worker_log" | tail -n 1 | cut -d' ' -f3 || true)
status_url=${status_url:-$web_url/}
echo "${green}${bold}Round trip verified in $((SECONDS - started)) s.${off} Mailboxes: alerts $alerts_mailbox, on call $oncall; messages in ${run_dir#"$repo"/}/"
echo "Status page: ${bold}$status_url${off}"

if [ "$exit_when_done" -eq 1 ]; then
    stop_worker
    [ "$entra_was_running" -eq 1 ] || bash sandbox/entra/stop.sh >/dev/null 2>&1 || true
    [ "$mail_was_running" -eq 1 ] || bash sandbox/mail/stop.sh >/dev/null 2>&1 || true
    echo "Worker stopped (--exit-when-done)."
    exit 0
fi

echo "The worker keeps running (log .demo/worker.log); press Ctrl+C to stop it."
echo "${dim}Try: .demo/bin/ackpoller alerts --config .demo/appsettings.json; stop the sandbox: bash sandbox/entra/stop.sh; bash sandbox/mail/stop.sh${off}"
trap 'echo; stop_worker; echo "Worker stopped."; exit 0' INT TERM
wait "$worker_pid" || true
# wait also returns when a trapped signal arrives; the trap then exits. Here the worker ended by itself.
pid=$worker_pid
worker_pid=
rm -f "$worker_pid_file"
echo "${red}✗ ackpoller run (pid $pid) ended on its own; see .demo/worker.log${off}" >&2
tail -n 25 "$worker_log" | cut -c1-400 | sed 's/^/    /' >&2
exit 1
