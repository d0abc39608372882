#!/usr/bin/env bash
# Installs what building, running and testing Identity Explorer needs, and nothing when it is all there already.
# Debian/Ubuntu: apt-get (through sudo when not root). Elsewhere: prints the list to install by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian 12 / Ubuntu 24.04 package names. Build: compiler, CMake, Ninja, Qt 6 (Widgets, Network, HTTP Server, SVG,
# Test), OpenSSL 3. Tests: Xvfb for screenshots, Node.js/npm and Python's azure-identity (python3-azure, checked
# with python3-jwt) for the SDK interop tests, packaging tools.
packages=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev libqt6svg6 qt6-qpa-plugins
    libgl-dev libssl-dev
    xvfb xauth dpkg-dev file desktop-file-utils appstream clang-format
    python3-azure python3-jwt openssl
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "Not a Debian/Ubuntu system: install the equivalents of these packages, then run make again:" >&2
    echo "  ${packages[*]}" >&2
    echo "(Qt >= 6.4 with Widgets, Network, HttpServer, Svg and Test; OpenSSL 3; CMake >= 3.25; Ninja; Node.js >= 18)" >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

# Node.js and npm (for the SDK interop tests) may come from Debian or from NodeSource; either will do.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The npm packages of the interop tests (pinned by tests/interop/package-lock.json). npm writes
# node_modules/.package-lock.json last: without it an earlier install was cut short and left packages missing.
if [[ -f tests/interop/package-lock.json ]]; then
    installed=tests/interop/node_modules/.package-lock.json
    if [[ ! -f "$installed" ]] || [[ tests/interop/package-lock.json -nt "$installed" ]]; then
        (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
    fi
fi
