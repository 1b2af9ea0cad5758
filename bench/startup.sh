#!/usr/bin/env bash
# Start-up time of `ackpoller alerts` (process start to exit: configuration, store open, one query, output) against a
# copy of the demo database, for the framework-dependent build (the shared .NET runtime, JIT) and the linux-x64
# self-contained single-file ReadyToRun build of the publish profile. Prints one line per build: runs, median, min, max.
#
# Usage: bash bench/startup.sh [--runs N] [--single-file DIR] [--framework-dependent DIR]
#   Builds what is not given (Release). Needs .demo/ (run `bash sandbox/demo.sh --exit-when-done` once); made if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=20
single=
fdd=
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=${2:?}; shift ;;
        --single-file) single=${2:?}; shift ;;
        --framework-dependent) fdd=${2:?}; shift ;;
        *) echo "startup: unknown option $1" >&2; exit 64 ;;
    esac
    shift
done
tmp=$(mktemp -d /tmp/ackpoller-startup.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ ! -f .demo/appsettings.json ] || [ ! -f .demo/data/ackpoller.db ]; then
    bash sandbox/demo.sh --exit-when-done --web-url http://127.0.0.1:25470 >/dev/null
fi
cp .demo/data/ackpoller.db "$tmp/ackpoller.db"
export ACKPOLLER__Storage__DatabasePath=$tmp/ackpoller.db

if [ -z "$fdd" ]; then
    fdd=$tmp/fdd
    dotnet publish src/AckPoller -c Release --no-self-contained -p:PackAsTool=false -o "$fdd" -nologo -v quiet -clp:ErrorsOnly
fi
if [ -z "$single" ]; then
    single=$tmp/single
    dotnet publish src/AckPoller -p:PublishProfile=linux-x64 -p:PublishDir="$single/" -nologo -v quiet -clp:ErrorsOnly
fi

measure() {
    local name=$1 exe=$2 times=() start end i
    # The first run is left out (and shown): disk cache, and the single file's one-time extraction of libe_sqlite3.so.
    start=$(date +%s%N); "$exe" alerts --config "$repo/.demo/appsettings.json" >/dev/null; end=$(date +%s%N)
    local first=$(( (end - start) / 1000000 ))
    for i in $(seq 1 "$runs"); do
        start=$(date +%s%N); "$exe" alerts --config "$repo/.demo/appsettings.json" >/dev/null; end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n >"$tmp/times"
    printf '%-42s runs %3d  median %5d ms  min %5d ms  max %5d ms  (first run %d ms)\n' "$name" "$runs" \
        "$(sed -n "$(( (runs + 1) / 2 ))p" "$tmp/times")" "$(head -n 1 "$tmp/times")" "$(tail -n 1 "$tmp/times")" "$first"
}

"$single/ackpoller" alerts --config "$repo/.demo/appsettings.json" | head -n 3
measure "framework-dependent (shared runtime, JIT)" "$fdd/ackpoller"
measure "linux-x64 self-contained single file, R2R" "$single/ackpoller"
echo "sizes: framework-dependent $(du -sh "$fdd" | cut -f1) (folder, runtime not counted), single file $(du -sh "$single/ackpoller" | cut -f1)"
