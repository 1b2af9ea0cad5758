#!/usr/bin/env bash
# The native command-line front-end (src/AckPoller/Cli/NativeCli.cs): the same program compiled ahead of time
# (Native AOT). It runs `ackpoller acks`, `ackpoller alerts` and `--version` itself, in about half the time of the
# ReadyToRun build (README, Budgets), and hands every other command to the full build in its folder (execv). The Debian
# package installs it as /usr/lib/ackpoller/ackpoller-cli with /usr/bin/ackpoller pointing at it.
#
# Usage: bash packaging/publish-native.sh OUT_DIR [linux-x64|linux-arm64]
#   Writes OUT_DIR/ackpoller-cli and OUT_DIR/libe_sqlite3.so. Needs a C toolchain (gcc or clang) for the host's
#   architecture; cross-compiling is not set up (build-deb.sh skips the front-end for another architecture).
# Warnings: the native compiler reports the reflection in code the front-end never runs (the worker, the web host,
# MSAL's sign-in, reflection-based JSON); they are not errors here. What it does run is compared, output for output,
# with the full build by NativeCliTests (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: packaging/publish-native.sh OUT_DIR [linux-x64|linux-arm64]}
rid=${2:-linux-x64}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# The native compiler links with the system's C toolchain (clang, else gcc); Debian's gcc is enough.
if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "publish-native: needs clang or gcc (apt-get install gcc)" >&2; exit 1; }
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc libc6-dev >/dev/null
fi
work=$(mktemp -d /tmp/ackpoller-native.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Its own intermediate and output folders (obj/native, bin/native in each project): the ReadyToRun publish for the
# same runtime identifier must never pick up, or overwrite, what this one compiled.
dotnet publish src/AckPoller -c Release -r "$rid" -p:PublishAot=true -p:PublishReadyToRun=false \
    -p:TreatWarningsAsErrors=false -p:SuppressTrimAnalysisWarnings=true -p:EnableAotAnalyzer=false -p:EnableTrimAnalyzer=false \
    -p:IntermediateOutputPath=obj/native/ -p:OutputPath=bin/native/ -p:DebugType=none -p:StripSymbols=true \
    -o "$work" -nologo -v quiet -clp:ErrorsOnly
install -m 0755 "$work/ackpoller" "$out/ackpoller-cli"
install -m 0644 "$work/libe_sqlite3.so" "$out/libe_sqlite3.so"
echo "$out/ackpoller-cli"
