#!/bin/bash
# Builds the Debian packages of this build folder with CPack and checks them the way
# an administrator would meet them: control data and contents, lintian (errors fail,
# warnings are shown), the maintainer scripts, the systemd unit, the desktop and
# AppStream files, and finally the packaged server itself, started from the extracted
# package on a free loopback port with the packaged configuration file.
#
#   check-deb.sh <build dir> <source dir> <version> <with desktop: ON|OFF>
#
# Everything happens in a temporary folder that is removed at the end, and the
# server started here is always stopped.
set -euo pipefail

build_dir=$1
source_dir=$2
version=$3
with_desktop=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/vami-package-test.XXXXXX")
server_pid=""
failures=0

cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

say() { printf '%s\n' "$*"; }
fail() {
    say "FAIL: $*"
    failures=$((failures + 1))
}
pass() { say "ok:   $*"; }
need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        say "FAIL: $1 is required for this test (package: $2)"
        exit 1
    fi
}

need cpack cmake
need dpkg-deb dpkg
need lintian lintian
need curl curl

# --- build the packages ------------------------------------------------------------
if ! cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    say "FAIL: cpack -G DEB failed"
    exit 1
fi
server_deb="$work/out/vami-server_${version}_$(dpkg --print-architecture).deb"
desktop_deb="$work/out/vami_${version}_$(dpkg --print-architecture).deb"
[ -f "$server_deb" ] || { ls -l "$work/out"; say "FAIL: $server_deb was not built"; exit 1; }
pass "cpack built $(basename "$server_deb")"
if [ "$with_desktop" = "ON" ]; then
    [ -f "$desktop_deb" ] && pass "cpack built $(basename "$desktop_deb")" || fail "$desktop_deb was not built"
elif [ -f "$desktop_deb" ]; then
    fail "a desktop package was built although this build has no vami target"
fi

# --- control data ------------------------------------------------------------------
field() { dpkg-deb -f "$1" "$2"; }
expect_field() { # deb field pattern
    local value
    value=$(field "$1" "$2")
    if printf '%s' "$value" | grep -Eq -- "$3"; then pass "$(basename "$1"): $2 matches $3"; else fail "$(basename "$1"): $2 is '$value', expected $3"; fi
}
expect_field "$server_deb" Package '^vami-server$'
expect_field "$server_deb" Version "^${version//./\\.}$"
expect_field "$server_deb" Section '^net$'
expect_field "$server_deb" Maintainer '<.+@.+>'
expect_field "$server_deb" Homepage '^https?://'
expect_field "$server_deb" Description '^Vami API server'
# Found by dpkg-shlibdeps, and the plugins and tools it cannot see.
for dep in 'libc6' 'libqt6core6' 'libqt6httpserver6' 'libqt6network6' 'libqt6sql6 ' 'libssl3' 'libcurl4' \
           'libqt6sql6-sqlite' 'libqt6sql6-psql' 'adduser' 'init-system-helpers'; do
    expect_field "$server_deb" Depends "(^|, )${dep% }( |,|$)"
done

dpkg-deb -e "$server_deb" "$work/control"
for script in postinst prerm postrm; do
    if [ -x "$work/control/$script" ] && sh -n "$work/control/$script"; then
        pass "$script is an executable, syntactically valid shell script"
    else
        fail "$script is missing, not executable or not valid shell"
    fi
done
if grep -qx '/etc/vami/vami-server.conf' "$work/control/conffiles" 2>/dev/null; then
    pass "/etc/vami/vami-server.conf is a conffile"
else
    fail "/etc/vami/vami-server.conf is not listed in conffiles"
fi
grep -q 'adduser --system' "$work/control/postinst" && pass "postinst creates the system user" \
    || fail "postinst does not create the vami system user"
grep -q 'deb-systemd-helper enable' "$work/control/postinst" && fail "postinst enables the service on its own" \
    || pass "postinst does not enable the service"
awk '/"\$1" = "purge"/,/^fi/' "$work/control/postrm" | grep -q 'rm -rf /var/lib/vami' \
    && pass "postrm deletes /var/lib/vami on purge" || fail "postrm does not delete /var/lib/vami on purge"
awk '/"\$1" = "remove"/,/^fi/' "$work/control/postrm" | grep -q '/var/lib/vami' \
    && fail "postrm touches /var/lib/vami on remove" || pass "postrm keeps the data on remove"

# --- contents ----------------------------------------------------------------------
dpkg-deb -c "$server_deb" >"$work/server.contents"
expect_file() { # contents-file path [mode-pattern]
    if grep -Eq -- "^${3:-.}.* \./${2}$" "$1"; then pass "contains /$2"; else fail "/$2 is missing (or has the wrong mode)"; fi
}
expect_file "$work/server.contents" 'usr/bin/vami-server' '-rwxr-xr-x'
expect_file "$work/server.contents" 'lib/systemd/system/vami-server.service' '-rw-r--r--'
expect_file "$work/server.contents" 'etc/vami/vami-server.conf' '-rw-r--r--'
expect_file "$work/server.contents" 'usr/share/doc/vami-server/copyright'
expect_file "$work/server.contents" 'usr/share/doc/vami-server/changelog.gz'
if grep -Eq ' \./(usr/)?(include|lib/cmake)/' "$work/server.contents"; then
    fail "development files leaked into the server package"
fi

# --- lintian: errors fail, warnings are shown ---------------------------------------
debs=("$server_deb")
[ "$with_desktop" = "ON" ] && [ -f "$desktop_deb" ] && debs+=("$desktop_deb")
for deb in "${debs[@]}"; do
    set +e
    lintian --fail-on error --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1
    status=$?
    set -e
    grep -v 'running with root privileges' "$work/lintian.log" || true
    if [ $status -eq 0 ]; then pass "lintian reports no errors for $(basename "$deb")"; else fail "lintian errors in $(basename "$deb")"; fi
done

# --- the extracted tree ------------------------------------------------------------
root="$work/root"
dpkg-deb -x "$server_deb" "$root"
if file_type=$(file -b "$root/usr/bin/vami-server" 2>/dev/null) && printf '%s' "$file_type" | grep -q 'not stripped'; then
    fail "vami-server is not stripped"
fi
reported=$("$root/usr/bin/vami-server" --version 2>&1 || true)
if [ "$reported" = "vami-server $version" ]; then pass "vami-server --version says '$reported'"; else fail "vami-server --version said '$reported'"; fi

unit="$root/lib/systemd/system/vami-server.service"
for setting in 'User=vami' 'StateDirectory=vami' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' \
               'PrivateTmp=yes'; do
    grep -qx "$setting" "$unit" && pass "unit sets $setting" || fail "unit lacks $setting"
done
# The hashing pool calls setpriority(): the unit must not deny @resources.
if grep -Eq '^SystemCallFilter=~.*@resources' "$unit"; then
    fail "the unit denies @resources, which the server's hashing threads need (setpriority)"
else
    pass "the unit allows the scheduling calls the server makes"
fi
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
case "$exec_start" in
    *'--data-dir /var/lib/vami'*'--config /etc/vami/vami-server.conf'* | \
    *'--config /etc/vami/vami-server.conf'*'--data-dir /var/lib/vami'*) pass "ExecStart passes --config and --data-dir" ;;
    *) fail "ExecStart is '$exec_start'" ;;
esac
# Every option the unit passes must be one the server knows.
for option in $(printf '%s\n' $exec_start | grep '^--'); do
    "$root/usr/bin/vami-server" --help | grep -q -- "$option" && pass "the server knows $option" \
        || fail "the unit passes $option, which vami-server --help does not list"
done
if command -v systemd-analyze >/dev/null 2>&1; then
    # verify needs the ExecStart binary to exist: point it at the extracted one.
    sed "s#^ExecStart=/usr/bin/vami-server#ExecStart=$root/usr/bin/vami-server#" "$unit" >"$work/vami-server.service"
    if systemd-analyze verify "$work/vami-server.service" >"$work/verify.log" 2>&1; then
        pass "systemd-analyze verify accepts the unit"
    else
        cat "$work/verify.log"
        fail "systemd-analyze verify rejects the unit"
    fi
    systemd-analyze security --offline=yes "$work/vami-server.service" 2>/dev/null | tail -1 || true
else
    say "skip: systemd-analyze is not installed"
fi

# The packaged configuration lists every setting the server reads, all commented out.
conf="$root/etc/vami/vami-server.conf"
settings_in_help=$("$root/usr/bin/vami-server" --help-config | grep -c '^| `\[' || true)
settings_in_conf=$(grep -c '^;[a-z_]* =' "$conf" || true)
if [ "$settings_in_help" -gt 0 ] && [ "$settings_in_help" = "$settings_in_conf" ]; then
    pass "vami-server.conf lists all $settings_in_conf settings"
else
    fail "vami-server.conf lists $settings_in_conf settings, --help-config $settings_in_help"
fi
grep -Ev '^(;.*|\[[a-z_]+\]|)$' "$conf" && fail "vami-server.conf sets values instead of documenting defaults" \
    || pass "vami-server.conf only documents defaults"

# --- desktop files ------------------------------------------------------------------
if [ "$with_desktop" = "ON" ] && [ -f "$desktop_deb" ]; then
    dpkg-deb -c "$desktop_deb" >"$work/desktop.contents"
    expect_field "$desktop_deb" Package '^vami$'
    expect_field "$desktop_deb" Depends '(^|, )qt6-qpa-plugins(,|$)'
    expect_file "$work/desktop.contents" 'usr/bin/vami' '-rwxr-xr-x'
    expect_file "$work/desktop.contents" 'usr/share/applications/org\.vami\.Vami\.desktop'
    expect_file "$work/desktop.contents" 'usr/share/icons/hicolor/scalable/apps/org\.vami\.Vami\.svg'
    expect_file "$work/desktop.contents" 'usr/share/metainfo/org\.vami\.Vami\.metainfo\.xml'
    dpkg-deb -x "$desktop_deb" "$work/desktop-root"
    desktop_file="$work/desktop-root/usr/share/applications/org.vami.Vami.desktop"
    metainfo="$work/desktop-root/usr/share/metainfo/org.vami.Vami.metainfo.xml"
else
    desktop_file="$source_dir/installer/linux/org.vami.Vami.desktop"
    metainfo="$build_dir/installer/packaging/org.vami.Vami.metainfo.xml"
fi
if [ -f "$desktop_file" ]; then
    if command -v desktop-file-validate >/dev/null 2>&1; then
        desktop-file-validate "$desktop_file" && pass "desktop-file-validate accepts the desktop entry" \
            || fail "desktop-file-validate rejects the desktop entry"
    else
        grep -q '^Icon=org.vami.Vami$' "$desktop_file" && pass "desktop entry names the icon" \
            || fail "desktop entry does not name the org.vami.Vami icon"
        say "skip: desktop-file-validate is not installed (package desktop-file-utils)"
    fi
else
    fail "no desktop entry at $desktop_file"
fi
if [ -f "$metainfo" ]; then
    if command -v appstreamcli >/dev/null 2>&1; then
        appstreamcli validate --no-net "$metainfo" && pass "appstreamcli validates the metainfo" \
            || fail "appstreamcli rejects the metainfo"
    elif command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$metainfo" && pass "the metainfo is well-formed XML" || fail "the metainfo is not well-formed"
    else
        say "skip: neither appstreamcli nor xmllint is installed"
    fi
else
    fail "no metainfo at $metainfo"
fi

# --- run the packaged server ---------------------------------------------------------
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
healthy=""
for attempt in 1 2 3; do
    port=$(( (RANDOM % 20000) + 30000 ))
    port_is_free "$port" || continue
    data="$work/data-$attempt"
    "$root/usr/bin/vami-server" --config "$conf" --data-dir "$data" --listen "127.0.0.1:$port" \
        >"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        if body=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null); then
            healthy=$body
            break
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    [ -n "$healthy" ] && break
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
done
if printf '%s' "$healthy" | grep -q '"status":"healthy"'; then
    pass "the packaged server answers GET /health: $healthy"
    [ -f "$data/vami.db" ] && pass "it created its SQLite database in --data-dir" || fail "no vami.db in --data-dir"
    key_mode=$(stat -c '%a' "$data/server.key" 2>/dev/null || echo none)
    [ "$key_mode" = "600" ] && pass "server.key has mode 600" || fail "server.key has mode $key_mode"
else
    cat "$work/server.log"
    fail "the packaged server did not answer GET /health"
fi
if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid"
    for _ in $(seq 1 50); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$server_pid" 2>/dev/null; then
        fail "the server did not stop within 10 s of SIGTERM"
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    set +e
    wait "$server_pid"
    status=$?
    set -e
    server_pid=""
    [ $status -eq 0 ] && pass "the server stopped cleanly on SIGTERM" || fail "the server exited with $status on SIGTERM"
fi

if [ $failures -gt 0 ]; then
    say "$failures check(s) failed"
    exit 1
fi
say "all package checks passed"
