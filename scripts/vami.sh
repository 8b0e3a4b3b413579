#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds Vami and runs it or its tests.
#
#   scripts/vami.sh run     install what is needed, build (Release), start the desktop app
#   scripts/vami.sh test    install what is needed, build from scratch (warnings are
#                           errors), run every test (unit, api, gui, postgres, package)
#   scripts/vami.sh server  install, build, start vami-server on 127.0.0.1:8000
#   scripts/vami.sh deps    only install the packages
#
# Packages come from Debian's archive (apt-get, with sudo when not root); the
# OpenAPI validator used by one test comes from the npm registry.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

build_packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-multimedia-dev
    qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools qtkeychain-qt6-dev
    libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev libpq-dev libssl-dev libcurl4-openssl-dev libgl1-mesa-dev
    librsvg2-bin
)
runtime_packages=(
    qt6-qpa-plugins gstreamer1.0-plugins-good gstreamer1.0-plugins-base libsecret-1-0
    gnome-keyring fonts-dejavu-core qt6-translations-l10n
)
test_packages=(
    postgresql xvfb xauth dbus dbus-x11 gnome-keyring wrk lintian dpkg-dev file
    python3 procps curl desktop-file-utils appstream libxml2-utils systemd
)

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
    local wanted=("${build_packages[@]}" "${runtime_packages[@]}")
    if [ "${1:-}" = test ]; then
        wanted+=("${test_packages[@]}")
        # A Node.js that is already installed (with its own npm) is kept;
        # Debian's npm package conflicts with Node.js from other sources.
        command -v npm >/dev/null || wanted+=(nodejs npm)
    fi
    local missing=()
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "vami: installing ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
    if [ "${1:-}" = test ]; then
        # The OpenAPI document is checked with the reference validator of the
        # OpenAPI community (swagger-parser), kept outside the source tree.
        (cd tests/tools/openapi && npm install --no-audit --no-fund --silent >/dev/null)
    fi
}

build() {
    local preset=$1
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
}

case "${1:-}" in
deps)
    install_packages test
    ;;
run)
    install_packages
    build release
    exec build/release/bin/vami "${@:2}"
    ;;
server)
    install_packages
    build release
    exec build/release/bin/vami-server "${@:2}"
    ;;
test)
    install_packages test
    rm -rf build/ci
    build ci
    ctest --preset ci --output-on-failure "${@:2}"
    ;;
*)
    sed -n '2,12p' "$0"
    exit 2
    ;;
esac
