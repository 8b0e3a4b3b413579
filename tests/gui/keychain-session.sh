#!/bin/sh
# Runs a test inside a private D-Bus session with an unlocked gnome-keyring, so the
# keychain (Secret Service) works headless. HOME is a fresh folder: the keyring
# file is created there and thrown away afterwards.
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home"
export XDG_DATA_HOME="$home/.local/share"
unset DISPLAY || true
dbus-run-session -- sh -c 'printf vami-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@"
