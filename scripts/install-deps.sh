#!/usr/bin/env bash
# Installs the Debian packages brinkwatch builds against, the Python checkers its tests run
# (jsonschema for the digest schema, feedparser for the digest feed) and systemd (systemd-analyze,
# which scripts/check-install.sh uses) and PostgreSQL's server (the PostgreSQL queue's tests start one of
# their own), only those that are missing.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(libcurl4-openssl-dev libxml2-dev pkg-config python3-jsonschema python3-feedparser systemd postgresql)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
