#!/usr/bin/env bash
# Installs the sandbox mail servers from Debian's packages (Dovecot 2.3, Postfix 3.7, openssl).
# Idempotent: returns at once when everything is installed. Never starts or enables a system service.
set -euo pipefail

packages=(dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix openssl)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "sandbox mail: packages already installed"
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
echo "sandbox mail: installing ${missing[*]}"

# Postfix asks how to configure itself; "No configuration" leaves /etc/postfix without main.cf,
# which is what we want: the sandbox runs Postfix with its own config folder.
echo "postfix postfix/main_mailer_type select No configuration" | "${sudo[@]}" debconf-set-selections

# Services must not start from the package scripts: there may be no systemd (containers, CI),
# and the sandbox runs the servers itself on high ports. exit code 101 = "action forbidden".
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    created_policy=1
fi
cleanup() {
    if [ "$created_policy" -eq 1 ]; then
        "${sudo[@]}" rm -f "$policy"
    fi
}
trap cleanup EXIT

apt_install() {
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
}

# Refresh the package lists only when apt does not know a package (fresh images ship without lists),
# or when the install fails with the lists we have (stale lists point at versions the mirror no longer has).
updated=0
for package in "${missing[@]}"; do
    if [ "$updated" -eq 0 ] && ! apt-cache show "$package" >/dev/null 2>&1; then
        "${sudo[@]}" apt-get update -q
        updated=1
    fi
done

if ! apt_install; then
    if [ "$updated" -eq 0 ]; then
        "${sudo[@]}" apt-get update -q
        updated=1
    fi
    if ! apt_install; then
        # A package script that still failed (e.g. a service that would not start) leaves packages
        # half-configured; the programs are in place, so finish what can be finished and carry on.
        echo "sandbox mail: apt-get install reported an error; completing package configuration" >&2
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive dpkg --configure -a || true
    fi
fi

# What the sandbox needs is the programs, even if a package script could not finish.
for program in /usr/sbin/dovecot /usr/lib/dovecot/imap /usr/lib/dovecot/pop3 /usr/lib/dovecot/lmtp /usr/sbin/postfix /usr/bin/openssl; do
    if [ ! -x "$program" ]; then
        echo "sandbox mail: $program is missing after the install" >&2
        exit 1
    fi
done
echo "sandbox mail: packages installed"
