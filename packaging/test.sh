#!/usr/bin/env bash
# The install paths as an admin uses them, checked on this machine (as root; CI runs it from tests/run.sh):
#   1. the Debian package: built by packaging/build-deb.sh, `apt-get install ./ackpoller_….deb`, the shipped unit passes
#      `systemd-analyze verify`, `ackpoller --version` and `ackpoller config check --config /etc/ackpoller/appsettings.json`
#      run as the packaged user, the user/state folder/conffile are as promised, then remove (data kept) and purge
#      (nothing left: files, user, group, dpkg state).
#   2. the dotnet tool: packed, `dotnet tool install --add-source <folder> --tool-path <tmp>`, run.
# Usage: bash packaging/test.sh [--release] [--publish-dir DIR] [--native-dir DIR]
#   --release      the ReadyToRun build as published (default: no ReadyToRun compilation, which only changes start-up
#                  time, to keep CI within its time).
#   --publish-dir  package this existing linux-x64 publish output instead of publishing now.
#   --native-dir   package this existing native front-end (packaging/publish-native.sh output) instead of compiling it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
ready_to_run=false
publish_dir=
native_dir=
while [ $# -gt 0 ]; do
    case "$1" in
        --release) ready_to_run=true ;;
        --publish-dir) publish_dir=${2:?--publish-dir takes a folder}; shift ;;
        --native-dir) native_dir=${2:?--native-dir takes a folder}; shift ;;
        *) echo "packaging/test.sh: unknown option $1" >&2; exit 64 ;;
    esac
    shift
done
[ "$(id -u)" = 0 ] || { echo "packaging/test.sh installs a package: run it as root" >&2; exit 1; }
tmp=$(mktemp -d /tmp/ackpoller-packaging.XXXXXX)
fail() { echo "FAILED: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
cleanup() {
    dpkg -s ackpoller >/dev/null 2>&1 && apt-get purge -y -q ackpoller >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive

if ! command -v systemd-analyze >/dev/null; then
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends systemd >/dev/null
fi
version=$(dotnet msbuild src/AckPoller/AckPoller.csproj -getProperty:Version -nologo | tr -d '[:space:]')

# --- 1. The Debian package. ---
dpkg -s ackpoller >/dev/null 2>&1 && apt-get purge -y -q ackpoller >/dev/null
if [ -z "$publish_dir" ]; then
    publish_dir=$tmp/publish
    dotnet publish src/AckPoller -p:PublishProfile=linux-x64 -p:PublishSingleFile=false \
        -p:PublishReadyToRun=$ready_to_run -p:PublishDir="$publish_dir/" -nologo -v quiet -clp:ErrorsOnly
fi
deb=$(bash packaging/build-deb.sh --publish-dir "$publish_dir" ${native_dir:+--native-dir "$native_dir"} --out "$tmp/deb" | tail -n 1)
[ -f "$deb" ] || fail "no package built"
ok "built $(basename "$deb")"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the package's version is $(dpkg-deb -f "$deb" Version), not $version"

snapshot() { { find /etc /usr /var/lib /run/systemd/system -xdev 2>/dev/null || true; } | grep -v -e '^/var/lib/dpkg/' -e '^/var/lib/apt/' | sort; }
snapshot >"$tmp/before"
apt-get install -y -q "$deb" >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; fail "apt-get install"; }
ok "installed with apt-get install ./$(basename "$deb")"

[ "$(ackpoller --version | cut -d+ -f1)" = "$version" ] || fail "ackpoller --version printed $(ackpoller --version), not $version"
ok "ackpoller --version: $(ackpoller --version)"
[ "$(readlink /usr/bin/ackpoller)" = ../lib/ackpoller/ackpoller-cli ] && [ -x /usr/lib/ackpoller/ackpoller-cli ] \
    || fail "/usr/bin/ackpoller is not the native front-end: $(readlink /usr/bin/ackpoller)"
[ "$(ackpoller --version)" = "$(/usr/lib/ackpoller/ackpoller --version)" ] || fail "the native front-end's --version differs from the full build's"
ok "/usr/bin/ackpoller is the native front-end (ackpoller-cli), same --version as the full build"
getent passwd ackpoller | grep -q ':/var/lib/ackpoller:/usr/sbin/nologin$' || fail "no ackpoller system user with home /var/lib/ackpoller"
[ "$(stat -c '%a %U %G' /var/lib/ackpoller)" = "700 ackpoller ackpoller" ] || fail "/var/lib/ackpoller is $(stat -c '%a %U %G' /var/lib/ackpoller)"
[ "$(stat -c '%a %U %G' /etc/ackpoller/appsettings.json)" = "640 root ackpoller" ] || fail "/etc/ackpoller/appsettings.json is $(stat -c '%a %U %G' /etc/ackpoller/appsettings.json)"
dpkg-query -W -f='${Conffiles}\n' ackpoller | grep -q '^ /etc/ackpoller/appsettings.json ' || fail "appsettings.json is not a conffile"
ok "system user, /var/lib/ackpoller 0700, conffile /etc/ackpoller/appsettings.json"

unit=/usr/lib/systemd/system/ackpoller.service
systemd-analyze verify --man=no "$unit" >"$tmp/verify.log" 2>&1 || { cat "$tmp/verify.log"; fail "systemd-analyze verify $unit"; }
if grep -i "ackpoller" "$tmp/verify.log"; then fail "systemd-analyze verify complains about the unit"; fi
grep -qx 'Type=notify' "$unit" && grep -q '^WatchdogSec=' "$unit" || fail "the unit is not Type=notify with WatchdogSec="
ok "systemd-analyze verify $unit"

(cd /var/lib/ackpoller && runuser -u ackpoller -- ackpoller config check --config /etc/ackpoller/appsettings.json) \
    || fail "config check as the ackpoller user"
runuser -u ackpoller -- ackpoller alerts --config /etc/ackpoller/appsettings.json >"$tmp/alerts.txt" || fail "ackpoller alerts as the ackpoller user"
[ -f /var/lib/ackpoller/ackpoller.db ] && [ "$(stat -c %U /var/lib/ackpoller/ackpoller.db)" = ackpoller ] || fail "the database was not created by the ackpoller user"
ok "config check (handed to the full build) and alerts (native) as the ackpoller user"
for args in "acks" "acks --format json" "alerts --format json"; do
    # shellcheck disable=SC2086 # the arguments are words
    native=$(cd /var/lib/ackpoller && runuser -u ackpoller -- ackpoller $args --config /etc/ackpoller/appsettings.json 2>&1; echo "exit $?")
    # shellcheck disable=SC2086
    full=$(cd /var/lib/ackpoller && runuser -u ackpoller -- /usr/lib/ackpoller/ackpoller $args --config /etc/ackpoller/appsettings.json 2>&1; echo "exit $?")
    [ "$native" = "$full" ] || fail "ackpoller $args: the native front-end printed '$native', the full build '$full'"
done
ok "acks, acks --format json, alerts --format json: the native front-end prints what the full build prints"

apt-get remove -y -q ackpoller >/dev/null
[ ! -e /usr/bin/ackpoller ] && [ ! -e /usr/lib/ackpoller ] && [ ! -e "$unit" ] || fail "remove left the program or the unit"
[ -f /var/lib/ackpoller/ackpoller.db ] && [ -f /etc/ackpoller/appsettings.json ] || fail "remove must keep the data and the configuration"
ok "apt-get remove: program gone, data and configuration kept"

apt-get purge -y -q ackpoller >/dev/null
! getent passwd ackpoller >/dev/null && ! getent group ackpoller >/dev/null || fail "purge left the ackpoller user or group"
! dpkg-query -W -f='${Status}' ackpoller 2>/dev/null | grep -q installed || fail "dpkg still knows ackpoller as installed"
snapshot >"$tmp/after"
if diff "$tmp/before" "$tmp/after" | grep -i ackpoller; then fail "purge left files behind"; fi
ok "apt-get purge: nothing left (files under /etc /usr /var/lib, user, group)"

# --- 2. The dotnet tool. ---
dotnet pack src/AckPoller -o "$tmp/feed" -nologo -v quiet -clp:ErrorsOnly
ls "$tmp/feed"/AckPoller."$version".nupkg >/dev/null || fail "no AckPoller.$version.nupkg"
dotnet tool install AckPoller --version "$version" --add-source "$tmp/feed" --tool-path "$tmp/tools" >/dev/null || fail "dotnet tool install"
[ "$("$tmp/tools/ackpoller" --version | cut -d+ -f1)" = "$version" ] || fail "the tool's --version"
mkdir -p "$tmp/tool-run"
(cd "$tmp/tool-run" && ACKPOLLER__Storage__DatabasePath="$tmp/tool-run/ackpoller.db" ACKPOLLER__TokenCache__KeyFile="$tmp/tool-run/key" \
    "$tmp/tools/ackpoller" config check --config "$repo/packaging/debian/appsettings.json") || fail "the tool's config check"
ok "dotnet tool: packed, installed into a tool path, ran"
echo "packaging: all checks passed"
