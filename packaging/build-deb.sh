#!/usr/bin/env bash
# Builds the Debian package from a self-contained publish (dpkg-deb only; no debhelper, no network beyond the NuGet
# restore dotnet publish already does):
#   /usr/lib/ackpoller/ (the executable, the runtime and the assemblies as separate files, libe_sqlite3.so among them),
#   /usr/lib/ackpoller/ackpoller-cli (the native command-line front-end, packaging/publish-native.sh) and
#   /usr/bin/ackpoller -> ../lib/ackpoller/ackpoller-cli (-> ../lib/ackpoller/ackpoller when built for another architecture),
#   /usr/lib/systemd/system/ackpoller.service (Type=notify, WatchdogSec, hardened), /etc/ackpoller/appsettings.json
#   (a conffile), /usr/share/doc/ackpoller/. postinst creates the ackpoller system user and /var/lib/ackpoller (0700).
#
# Usage: bash packaging/build-deb.sh [--rid linux-x64|linux-arm64] [--publish-dir DIR] [--native-dir DIR] [--out DIR]
#   --publish-dir  package an existing `dotnet publish` output instead of publishing now.
#   --native-dir   package an existing packaging/publish-native.sh output (ackpoller-cli) instead of compiling it now.
#   --out          where the .deb goes (default artifacts/deb). Prints the .deb's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
rid=linux-x64
publish_dir=
native_dir=
out=$repo/artifacts/deb
while [ $# -gt 0 ]; do
    case "$1" in
        --rid) rid=${2:?--rid takes linux-x64 or linux-arm64}; shift ;;
        --publish-dir) publish_dir=${2:?--publish-dir takes a folder}; shift ;;
        --native-dir) native_dir=${2:?--native-dir takes a folder}; shift ;;
        --out) out=${2:?--out takes a folder}; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-deb: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
    shift
done
case "$rid" in
    linux-x64) arch=amd64 ;;
    linux-arm64) arch=arm64 ;;
    *) echo "build-deb: --rid must be linux-x64 or linux-arm64" >&2; exit 64 ;;
esac

# The one place the version is stamped: <Version> in src/AckPoller/AckPoller.csproj.
version=$(dotnet msbuild src/AckPoller/AckPoller.csproj -getProperty:Version -nologo | tr -d '[:space:]')
[ -n "$version" ] || { echo "build-deb: no <Version> in src/AckPoller/AckPoller.csproj" >&2; exit 1; }

work=$repo/artifacts/deb-work/$rid
if [ -z "$publish_dir" ]; then
    publish_dir=$work/publish
    rm -rf "$publish_dir"
    # The linux publish profile (self-contained, ReadyToRun), but as a folder of files rather than one bundle: the
    # runtime maps each assembly file on its own, and a worker from the bundle held about 20 MB more resident memory
    # (README, Budgets). Nothing is extracted at start-up either, which a hardened unit (ProtectSystem=strict) would
    # otherwise have to allow somewhere.
    dotnet publish src/AckPoller -p:PublishProfile="$rid" -p:PublishSingleFile=false \
        -p:PublishDir="$publish_dir/" -nologo -v quiet -clp:ErrorsOnly
fi
[ -x "$publish_dir/ackpoller" ] || { echo "build-deb: $publish_dir/ackpoller is missing" >&2; exit 1; }

root=$work/root
rm -rf "$root"
install -d -m 0755 "$root/DEBIAN" "$root/usr/lib/ackpoller" "$root/usr/bin" "$root/usr/lib/systemd/system" \
    "$root/etc/ackpoller" "$root/usr/share/doc/ackpoller"
# Everything the publish wrote except debug symbols (a folder publish: the runtime and assemblies; a single-file one:
# the executable and libe_sqlite3.so), read-only for everyone, the executable runnable.
(cd "$publish_dir" && find . -type f ! -name '*.pdb' -print0) | while IFS= read -r -d '' file; do
    install -D -m 0644 "$publish_dir/$file" "$root/usr/lib/ackpoller/$file"
done
chmod 0755 "$root/usr/lib/ackpoller/ackpoller"
# The native front-end for the commands people type (README, Budgets: start-up); it hands the rest to ackpoller beside
# it. Compiled only for this machine's architecture: a package for another one gets the full build as the command.
case "$rid/$(uname -m)" in linux-x64/x86_64 | linux-arm64/aarch64) native_arch=1 ;; *) native_arch=0 ;; esac
if [ -z "$native_dir" ] && [ "$native_arch" = 1 ]; then
    native_dir=$work/native
    rm -rf "$native_dir"
    bash packaging/publish-native.sh "$native_dir" "$rid" >/dev/null
fi
if [ -n "$native_dir" ]; then
    install -m 0755 "$native_dir/ackpoller-cli" "$root/usr/lib/ackpoller/ackpoller-cli"
    ln -s ../lib/ackpoller/ackpoller-cli "$root/usr/bin/ackpoller"
else
    echo "build-deb: no native front-end for $rid on $(uname -m); /usr/bin/ackpoller is the full build" >&2
    ln -s ../lib/ackpoller/ackpoller "$root/usr/bin/ackpoller"
fi
install -m 0644 packaging/debian/ackpoller.service "$root/usr/lib/systemd/system/ackpoller.service"
install -m 0640 packaging/debian/appsettings.json "$root/etc/ackpoller/appsettings.json"
install -m 0644 README.md "$root/usr/share/doc/ackpoller/README.md"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
echo /etc/ackpoller/appsettings.json >"$root/DEBIAN/conffiles"
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: ackpoller
Version: $version
Architecture: $arch
Maintainer: AckPoller maintainers <root@localhost>
Section: mail
Priority: optional
Installed-Size: $installed_size
Depends: libc6 (>= 2.27), libgcc-s1, libstdc++6, libssl3 | libssl1.1, libicu72 | libicu74 | libicu76 | libicu70 | libicu67, passwd
Description: acknowledge alerts by replying to their emails
 AckPoller sends alert emails, reads the reply mailbox (IMAP with IDLE, or POP3)
 with OAuth 2.0 (Office 365 / Exchange Online) or passwords, records "ack",
 "resolve" and "snooze" replies and confirms them by email. Self-contained
 build (no .NET runtime needed), systemd service with notify and watchdog.
CONTROL

mkdir -p "$out"
deb=$out/ackpoller_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
