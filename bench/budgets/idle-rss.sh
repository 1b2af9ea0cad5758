#!/usr/bin/env bash
# Steady memory budget: `ackpoller run` with N accounts in IMAP IDLE against the sandbox Dovecot (password logins),
# RSS sampled from /proc every 10 s. Two workers run side by side from one Release publish:
#   default  the runtime's defaults (workstation, concurrent GC), forced by environment variables over the csproj
#   tuned    the GC settings chosen in src/AckPoller/AckPoller.csproj, forced here by environment variables too
#            (non-concurrent workstation GC, GCConserveMemory=7) so older builds can be compared
# Usage: bench/budgets/idle-rss.sh [accounts=20] [seconds=600]. Prints peak and final RSS per variant; asserts nothing.
set -euo pipefail
accounts="${1:-20}"; seconds="${2:-600}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
sandbox="${ACKPOLLER_SANDBOX:-/tmp/ackpoller-sandbox}"
work="$(mktemp -d /tmp/ackpoller-rss.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
dotnet publish "$root/src/AckPoller" -c Release -o "$work/app" -nologo -v q >/dev/null
password="$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['password'])" "$sandbox/sandbox.json")"
ca="$sandbox/tls/ca.pem"
export ACKPOLLER_BENCH_PASSWORD="$password"
config() { # $1 = variant folder
  python3 - "$1" "$accounts" "$ca" <<'PY'
import json, sys
folder, count, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3]
accounts = [{
    "Name": f"rota{i}", "Mailbox": f"rss-{i}-{folder.rsplit('/', 1)[-1]}@sandbox.test", "Protocol": "Imap",
    "IncomingServer": "imaps://localhost:10993", "AuthKind": "Password", "PasswordEnv": "ACKPOLLER_BENCH_PASSWORD",
    "Polling": {"Interval": "00:05:00", "Idle": True},
} for i in range(count)]
print(json.dumps({
    "Storage": {"DatabasePath": f"{folder}/data/ackpoller.db"},
    "TokenCache": {"KeyEnv": "", "KeyFile": f"{folder}/data/cache.key"},
    "Auth": {"ExtraCaFile": ca},
    "Web": {"Url": "http://127.0.0.1:0"},
    "Accounts": accounts,
}, indent=1))
PY
}
start() { # $1 = variant, rest = env assignments
  local variant="$1"; shift
  mkdir -p "$work/$variant"
  config "$work/$variant" > "$work/$variant/appsettings.json"
  (cd "$work/$variant" && exec env "$@" "$work/app/ackpoller" run --config "$work/$variant/appsettings.json" >"$work/$variant/out.log" 2>&1) &
  pids+=($!)
}
start default DOTNET_gcServer=0 DOTNET_gcConcurrent=1 DOTNET_GCConserveMemory=0
start tuned DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCConserveMemory=7
sleep 5
python3 - "$seconds" "$work" <<'PY'
import os, subprocess, sys, time
seconds, work = int(sys.argv[1]), sys.argv[2]
def pid_of(variant):
    out = subprocess.run(["pgrep", "-f", f"{work}/{variant}/appsettings.json"], capture_output=True, text=True).stdout.split()
    for p in out:
        try:
            if open(f"/proc/{p}/comm").read().strip() == "ackpoller":
                return int(p)
        except OSError:
            pass
    return None
def rss(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
pids = {v: pid_of(v) for v in ("default", "tuned")}
peak = {v: 0.0 for v in pids}
last = {v: 0.0 for v in pids}
deadline = time.time() + seconds
while time.time() < deadline:
    for v, p in pids.items():
        if p is None:
            continue
        try:
            last[v] = rss(p); peak[v] = max(peak[v], last[v])
        except OSError:
            pids[v] = None
    time.sleep(10)
for v in peak:
    parts = ""
    if pids[v] is not None:
        rollup = {l.split(":")[0]: int(l.split()[1]) // 1024 for l in open(f"/proc/{pids[v]}/smaps_rollup") if l.split(":")[0] in ("Rss", "Anonymous", "Shared_Clean", "Private_Clean")}
        parts = f" [anonymous {rollup.get('Anonymous', 0)} MB, file-backed clean {rollup.get('Shared_Clean', 0) + rollup.get('Private_Clean', 0)} MB]"
    print(f"{v:8} after {seconds} s: RSS {last[v]:.0f} MB (peak {peak[v]:.0f} MB){parts}, alive={pids[v] is not None}")
print(f"load average {os.getloadavg()[0]:.1f}")
PY
