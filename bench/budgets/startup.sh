#!/usr/bin/env bash
# CLI start-up budget: wall time of `ackpoller acks` (a read-only command against a small store) on a published build.
# Usage: bench/budgets/startup.sh [runs] [publish-options...]
#   e.g. bench/budgets/startup.sh 30                                  # framework-dependent Release publish
#        bench/budgets/startup.sh 30 -p:PublishReadyToRun=true -r linux-x64 --self-contained false
# Prints min / median / p90 / max in milliseconds. Nothing is asserted: the figures go into README.md (Performance).
set -euo pipefail
runs="${1:-30}"; shift || true
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/ackpoller-startup.XXXXXX)"
trap 'rm -rf "$work"' EXIT
dotnet publish "$root/src/AckPoller" -c Release -o "$work/app" -nologo -v q "$@" >/dev/null
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
"$work/app/ackpoller" acks --config "$work/appsettings.json" >/dev/null   # creates and migrates the store once
python3 - "$runs" "$work/app/ackpoller" "$work/appsettings.json" <<'PY'
import statistics, subprocess, sys, time
runs, exe, config = int(sys.argv[1]), sys.argv[2], sys.argv[3]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run([exe, "acks", "--config", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
print(f"ackpoller acks: runs={runs} min={times[0]:.0f} ms median={statistics.median(times):.0f} ms p90={p90:.0f} ms max={times[-1]:.0f} ms")
PY
