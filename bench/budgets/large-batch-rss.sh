#!/usr/bin/env bash
# Peak memory budget (issue 11): 50 messages of 15.8 MB delivered at once to a watched IMAP mailbox of the sandbox
# Dovecot, then `ackpoller run` (Release publish, the GC settings of src/AckPoller/AckPoller.csproj) works through them.
# Peak RSS is VmHWM from /proc when the 50th message is in the acknowledgement log. Variants, one after the other:
#   limit    DOTNET_GCHeapHardLimit=256 MiB (what LargeBatchMemoryEndToEndTests runs)
#   default  no heap limit: the shipped defaults
# Usage: bench/budgets/large-batch-rss.sh [runs=1] [variants="limit default"]. Prints figures; asserts nothing.
# MAX_BATCH_BYTES=n sets Processing:MaxBatchBytes (default: the product's default).
set -euo pipefail
runs="${1:-1}"; variants="${2:-limit default}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
sandbox="${ACKPOLLER_SANDBOX:-/tmp/ackpoller-sandbox}"
work="$(mktemp -d /tmp/ackpoller-large.XXXXXX)"
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
dotnet publish "$root/src/AckPoller" -c Release -o "$work/app" -nologo -v q >/dev/null
password="$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['password'])" "$sandbox/sandbox.json")"
export ACKPOLLER_BENCH_PASSWORD="$password"
extra=""; [ -n "${MAX_BATCH_BYTES:-}" ] && extra=", \"MaxBatchBytes\": $MAX_BATCH_BYTES"
for run in $(seq 1 "$runs"); do
  for variant in $variants; do
    dir="$work/$variant-$run"; mkdir -p "$dir"
    mailbox="large-$variant-$run-$(date +%s%N)@sandbox.test"
    # Deliver the 50 messages through the sandbox Postfix and wait until Dovecot holds them all.
    python3 - "$sandbox" "$mailbox" <<'PY'
import imaplib, json, smtplib, ssl, sys, time
sandbox, mailbox = sys.argv[1], sys.argv[2]
conf = json.load(open(f"{sandbox}/sandbox.json"))
line = b"x" * 76 + b"\r\n"
body = (line * (15_800_000 // len(line) + 1))[:15_800_000]
with smtplib.SMTP("127.0.0.1", conf["ports"]["smtpInject"], timeout=120) as smtp:
    for i in range(50):
        header = (f"From: <sender@client.sandbox.test>\r\nTo: <{mailbox}>\r\nSubject: large {i}\r\n"
                  f"Message-ID: <{time.time_ns()}.{i}@client.sandbox.test>\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=us-ascii\r\n\r\n").encode()
        smtp.sendmail("sender@client.sandbox.test", [mailbox], header + body)
context = ssl.create_default_context(cafile=conf["caFile"])
deadline = time.time() + 300
while True:
    try:
        imap = imaplib.IMAP4_SSL("localhost", conf["ports"]["imaps"], ssl_context=context)
        imap.login(mailbox, conf["password"])
        count = int(imap.select("INBOX")[1][0])
        imap.logout()
    except imaplib.IMAP4.error:
        count = 0
    if count >= 50:
        break
    if time.time() > deadline:
        sys.exit(f"only {count} of 50 messages delivered")
    time.sleep(1)
PY
    cat > "$dir/appsettings.json" <<JSON
{
  "Storage": { "DatabasePath": "$dir/data/ackpoller.db" },
  "Web": { "Url": "http://127.0.0.1:0" },
  "TokenCache": { "KeyEnv": "", "KeyFile": "$dir/data/cache.key" },
  "Auth": { "ExtraCaFile": "$sandbox/tls/ca.pem" },
  "Accounts": [ {
    "Name": "large", "Mailbox": "$mailbox", "Protocol": "Imap",
    "IncomingServer": "imaps://localhost:10993", "AuthKind": "Password", "PasswordEnv": "ACKPOLLER_BENCH_PASSWORD",
    "Processing": { "ProcessExistingMail": true$extra },
    "Polling": { "Interval": "00:00:02", "Idle": false } } ]
}
JSON
    env_args=()
    [ "$variant" = limit ] && env_args+=(DOTNET_GCHeapHardLimit=0x10000000)
    start=$(date +%s.%N)
    (cd "$dir" && exec env "${env_args[@]}" "$work/app/ackpoller" run --config "$dir/appsettings.json" >"$dir/out.log" 2>&1) &
    pid=$!
    python3 - "$pid" "$dir/data/ackpoller.db" "$variant" "$start" <<'PY'
import os, sqlite3, sys, time
pid, db, variant, start = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
def status(key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024
count, deadline = 0, time.time() + 600
while count < 50 and time.time() < deadline:
    time.sleep(0.5)
    if not os.path.exists(f"/proc/{pid}"):
        sys.exit(f"{variant}: the worker exited at {count} log rows")
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            count = c.execute("SELECT COUNT(*) FROM ack_log WHERE account = 'large'").fetchone()[0]
    except sqlite3.Error:
        pass
rollup = {l.split(":")[0]: int(l.split()[1]) // 1024 for l in open(f"/proc/{pid}/smaps_rollup") if l.split(":")[0] in ("Anonymous", "Shared_Clean", "Private_Clean")}
print(f"{variant:8} messages={count}/50 peak_rss_mb={status('VmHWM')} rss_after_mb={status('VmRSS')} "
      f"(anonymous {rollup.get('Anonymous', 0)} MB, file-backed {rollup.get('Shared_Clean', 0) + rollup.get('Private_Clean', 0)} MB) "
      f"seconds={time.time() - start:.1f} load={os.getloadavg()[0]:.1f}")
PY
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    rm -rf "$sandbox/mail/sandbox.test/${mailbox%@*}"
  done
done
