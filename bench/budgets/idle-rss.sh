#!/usr/bin/env bash
# Steady memory budget (issue 11: ≤ 100 MB RSS with 20 IMAP IDLE accounts after 10 minutes): `ackpoller run` with N
# accounts in IMAP IDLE against the sandbox Dovecot (password logins), RSS sampled from /proc every 10 s, one worker per
# build, side by side, each run as it ships (the settings its publish writes, and the environment the service unit or
# container image gives the worker: DOTNET_TieredCompilation=0):
#   package      the Debian package's build: self-contained linux-x64 publish profile as a folder (ReadyToRun), as
#                packaging/build-deb.sh makes it, run as its unit runs it
#   container    the container image's build: framework-dependent, published for the architecture (ReadyToRun), as
#                docker/Dockerfile makes it and runs it, on a private copy of the runtime as in the image
#   single-file  the linux-x64 publish profile as it is (one bundle), run like the package, for comparison
#   jit          framework-dependent without a runtime identifier (the dotnet tool and development build: JIT, tiered)
# Usage: bench/budgets/idle-rss.sh [accounts=20] [seconds=600] [variants="package container"].
# Prints per variant the final and peak RSS and what the final RSS is made of; asserts nothing.
set -euo pipefail
accounts="${1:-20}"; seconds="${2:-600}"; variants="${3:-package container}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
sandbox="${ACKPOLLER_SANDBOX:-/tmp/ackpoller-sandbox}"
work="$(mktemp -d /tmp/ackpoller-rss.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
publish() { # $1 = variant
  local out="$work/app-$1"
  case "$1" in
    package) dotnet publish "$root/src/AckPoller" -p:PublishProfile=linux-x64 -p:PublishSingleFile=false -p:PublishDir="$out/" -nologo -v q ;;
    container) dotnet publish "$root/src/AckPoller" -c Release -a x64 --self-contained false -o "$out" -nologo -v q ;;
    single-file) dotnet publish "$root/src/AckPoller" -p:PublishProfile=linux-x64 -p:PublishDir="$out/" -nologo -v q ;;
    jit) dotnet publish "$root/src/AckPoller" -c Release -o "$out" -nologo -v q ;;
    *) echo "unknown variant $1 (package, container, single-file, jit)" >&2; exit 64 ;;
  esac >/dev/null
}
for variant in $variants; do publish "$variant"; done
# The container image has a runtime of its own, mapped by the worker alone; pages of files that other processes map too
# (the machine's /usr/share/dotnet, used by the SDK's build servers and the jit variant) are never paged out, which would
# misstate the image. So the container variant runs on a private copy of the runtime (DOTNET_ROOT).
dotnet_home="$(dirname "$(readlink -f "$(command -v dotnet)")")"
if [[ " $variants " == *" container "* ]]; then
  mkdir -p "$work/dotnet/shared"
  cp -a "$dotnet_home/dotnet" "$dotnet_home/host" "$work/dotnet/"
  cp -a "$dotnet_home/shared/Microsoft.NETCore.App" "$dotnet_home/shared/Microsoft.AspNetCore.App" "$work/dotnet/shared/"
fi
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
for variant in $variants; do
  mkdir -p "$work/$variant"
  config "$work/$variant" > "$work/$variant/appsettings.json"
  tiering=(); [ "$variant" = jit ] || tiering=(DOTNET_TieredCompilation=0)
  [ "$variant" = container ] && tiering+=(DOTNET_ROOT="$work/dotnet")
  (cd "$work/$variant" && exec env "${tiering[@]}" "$work/app-$variant/ackpoller" run --config "$work/$variant/appsettings.json" >"$work/$variant/out.log" 2>&1) &
  pids+=($!)
done
sleep 5
python3 - "$seconds" "$work" "$accounts" $variants <<'PY'
import os, re, subprocess, sys, time
seconds, work, accounts, variants = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4:]
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
def parts(pid):
    # Anonymous memory (the heap, the runtime's own), the runtime's loader heaps (memfd:doublemapper), file-backed
    # pages, and among those the assemblies' flat read-only mappings (dotnet/runtime#112901: a ReadyToRun image is
    # mapped twice on Linux, flat and loaded).
    # A private file mapping's copied-on-write pages are counted as anonymous, not as file-backed.
    kb = {"anon": 0, "loader": 0, "file": 0, "flat": 0}
    current = None
    for line in open(f"/proc/{pid}/smaps"):
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            fields = line.split()
            current = (fields[5] if len(fields) > 5 else "", fields[1])
        elif line.startswith("Rss:"):
            size = int(line.split()[1]); path, perms = current
            if path.startswith("/memfd:"):
                kb["loader"] += size
            elif path.startswith("/"):
                kb["file"] += size
                if path.endswith(".dll") and perms == "r--s":
                    kb["flat"] += size
        elif line.startswith("Anonymous:"):
            size = int(line.split()[1]); kb["anon"] += size
            if current[0].startswith("/") and not current[0].startswith("/memfd:"):
                kb["file"] -= size
    return {k: v / 1024 for k, v in kb.items()}
pids = {v: pid_of(v) for v in variants}
peak = {v: 0.0 for v in variants}
last = {v: 0.0 for v in variants}
began = time.time()
deadline = began + seconds
marks = {v: [] for v in variants}  # (minute, MB) at 1, 2, 5 minutes: the start-up release comes at 60 s
while time.time() < deadline:
    for v, p in pids.items():
        if p is None:
            continue
        try:
            last[v] = rss(p); peak[v] = max(peak[v], last[v])
        except OSError:
            pids[v] = None
    minute = int((time.time() - began) // 60)
    for v in variants:
        if minute in (1, 2, 5) and minute not in [m for m, _ in marks[v]]:
            marks[v].append((minute, last[v]))
    time.sleep(10)
for v in variants:
    detail = ""
    if pids[v] is not None:
        p = parts(pids[v])
        detail = (f" = anonymous {p['anon']:.0f} MB + loader heaps {p['loader']:.0f} MB + file-backed {p['file']:.0f} MB"
                  f" (of which duplicate flat assembly mappings {p['flat']:.0f} MB)")
    print(f"{v:11} {accounts} IDLE accounts after {seconds} s: RSS {last[v]:.0f} MB (peak {peak[v]:.0f} MB){detail}, alive={pids[v] is not None}")
    if marks[v]:
        print(f"{'':11} on the way: " + ", ".join(f"{mb:.0f} MB at {m} min" for m, mb in marks[v]))
    released = [l.strip() for l in open(f"{work}/{v}/out.log", errors="replace") if "Start-up memory given back" in l]
    if released:
        print(f"{'':11} its log: {released[0][-150:]}")
print(f"load average {os.getloadavg()[0]:.1f}")
PY
