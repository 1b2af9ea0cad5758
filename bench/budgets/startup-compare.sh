#!/usr/bin/env bash
# Start-up of `ackpoller acks`, variants alternated run by run so machine load hits them alike:
#   jit         framework-dependent Release publish without a runtime identifier (the dotnet tool: JIT, tiered)
#   r2r         published for linux-x64 as the package and the container image are: ReadyToRun, tiered compilation on
#   r2r-tiering the same build with DOTNET_TieredCompilation=0, as the service unit runs the worker, for comparison
#   package     self-contained ReadyToRun folder, as the Debian package ships the full build (/usr/lib/ackpoller/ackpoller)
#   native      the native front-end (packaging/publish-native.sh), as the Debian package installs /usr/bin/ackpoller
# Usage: bench/budgets/startup-compare.sh [rounds] [rows]. Prints min / median / p90 wall time and the median CPU time per
# variant in ms; asserts nothing. rows (default 0): acknowledgement log rows written into the store first (raw SQL, as
# the worker would have recorded them), so `acks` prints its default page of up to 100 as a table.
set -euo pipefail
rounds="${1:-20}"
rows="${2:-0}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/ackpoller-startup.XXXXXX)"
trap 'rm -rf "$work"' EXIT
dotnet publish "$root/src/AckPoller" -c Release -o "$work/jit" -nologo -v q >/dev/null
dotnet publish "$root/src/AckPoller" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r" -nologo -v q >/dev/null
# Own intermediate folders: a self-contained ReadyToRun compile must not share them with the framework-dependent one.
dotnet publish "$root/src/AckPoller" -p:PublishProfile=linux-x64 -p:PublishSingleFile=false -p:PublishDir="$work/package/" \
    -p:IntermediateOutputPath=obj/bench-package/ -p:OutputPath=bin/bench-package/ -nologo -v q >/dev/null
bash "$root/packaging/publish-native.sh" "$work/native" >/dev/null
export ACKPOLLER_BENCH_PASSWORD=unused
cat > "$work/appsettings.json" <<JSON
{
  "Storage": { "DatabasePath": "$work/data/ackpoller.db" },
  "TokenCache": { "KeyEnv": "", "KeyFile": "$work/data/cache.key" },
  "Alerts": { "MessageIdDomain": "alerts.example.com" },
  "Accounts": [ { "Name": "oncall", "Mailbox": "alerts@example.com", "Protocol": "Imap",
    "IncomingServer": "imaps://127.0.0.1:1", "SmtpServer": "smtp://127.0.0.1:1", "AuthKind": "Password", "PasswordEnv": "ACKPOLLER_BENCH_PASSWORD" } ]
}
JSON
cd "$work"
"$work/jit/ackpoller" acks --config "$work/appsettings.json" >/dev/null
python3 - "$work/data/ackpoller.db" "$rows" <<'PY'
import datetime, sqlite3, sys
db, rows = sqlite3.connect(sys.argv[1]), int(sys.argv[2])
actions, outcomes = ["Ack", "Unack", "Resolve", "Snooze", "Note", None], ["Applied", "Rejected", "Ignored"]
start = datetime.datetime(2026, 12, 1, 8, 0, 0)
for i in range(rows):
    at = (start + datetime.timedelta(minutes=7 * i)).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
    db.execute("INSERT INTO ack_log (alert_reference, action, argument, actor_address, actor_name, received_at, processed_at, "
               "source_message_id, account, protocol, message_key, comment, outcome, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               ("AP-7K3M9Q", actions[i % 6], "30m" if actions[i % 6] == "Snooze" else None, f"jane{i % 5}@example.com", "Jane Doe",
                at, at, f"<r{i}@example.com>", "oncall", "imap", f"uid:{i}", "looking at it" if i % 2 else None, outcomes[i % 3], "applied"))
db.commit()
PY
ROWS=$rows python3 - "$rounds" "$work" <<'PY'
import os, statistics, subprocess, sys, time
rounds, work = int(sys.argv[1]), sys.argv[2]
config = os.path.join(work, "appsettings.json")
variants = {
    "jit": (os.path.join(work, "jit", "ackpoller"), {}),
    "r2r": (os.path.join(work, "r2r", "ackpoller"), {}),
    "r2r-tiering": (os.path.join(work, "r2r", "ackpoller"), {"DOTNET_TieredCompilation": "0"}),
    "package": (os.path.join(work, "package", "ackpoller"), {}),
    "native": (os.path.join(work, "native", "ackpoller-cli"), {}),
}
times = {name: [] for name in variants}
cpu = {name: [] for name in variants}
for _ in range(rounds):
    for name, (exe, extra) in variants.items():
        env = dict(os.environ, **extra)
        start = time.perf_counter()
        process = subprocess.Popen([exe, "acks", "--config", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        times[name].append((time.perf_counter() - start) * 1000)
        cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
        assert status == 0, f"{name}: exit status {status}"
load = os.getloadavg()[0]
for name, values in times.items():
    values.sort()
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    print(f"{name:11} rows={os.environ['ROWS']} runs={len(values)} min={values[0]:.0f} ms median={statistics.median(values):.0f} ms p90={p90:.0f} ms cpu median={statistics.median(cpu[name]):.0f} ms (load {load:.1f})")
PY
